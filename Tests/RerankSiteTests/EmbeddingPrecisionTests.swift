import Checksum
import Encoders
import Foundation
import Kernels
import XCTest
@testable import RerankSite

/// `precision:` on an embedding scorer: parsing, the message for a wrong value, the settings
/// identity (so fp32 and bf16 cosines never share cache entries) and the card.
final class EmbeddingPrecisionTests: XCTestCase {
    let root = URL(fileURLWithPath: "/tmp/project")

    private func spec(_ precision: String?) throws -> ScorerSpec {
        let line = precision.map { "\n    precision: \($0)" } ?? ""
        let yaml = """
            scorers:
              - id: e
                kind: embedding
                model: some/model\(line)
            """
        let config = try SiteConfig.parse(yaml: yaml, file: "rerank-site.yml", root: root)
        return try SiteBuilder.selectScorers(config, ids: [])[0].spec
    }

    func testPrecisionIsParsedAndDefaultsToFP32() throws {
        for (text, expected) in [(nil, PrecisionSetting.fp32), ("fp32", .fp32), ("bf16", .bf16), ("auto", .auto)] {
            guard case let .embedding(_, _, precision) = try spec(text) else { return XCTFail("kind") }
            XCTAssertEqual(precision, expected, text ?? "default")
        }
    }

    func testAWrongPrecisionIsNamedWithItsPlace() {
        XCTAssertThrowsError(try spec("int8")) { error in
            guard let error = error as? BuildError else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("rerank-site.yml:5:16: scorers.precision: unknown precision 'int8': expected auto, fp32 or bf16"),
                          error.description)
        }
    }

    func testSettingsIdentityAndCardFollowTheResolvedPrecision() throws {
        let folder = try TestProject.miniLM()
        let fp32Description = try EmbedderLoader.describe(folder: folder, maxLength: nil, precision: .fp32)
        let bf16Description = try EmbedderLoader.describe(folder: folder, maxLength: nil, precision: .bf16)
        let fp32 = fp32Description.settingsIdentity, bf16 = bf16Description.settingsIdentity
        let auto = try EmbedderLoader.describe(folder: folder, maxLength: nil, precision: .auto).settingsIdentity
        // fp32 keeps the identity it had before precisions existed: its cached cosines stay valid.
        XCTAssertEqual(fp32, "bert|pooling=mean|normalize=true|max_length=256|v1")
        XCTAssertEqual(bf16, "bert|pooling=mean|normalize=true|max_length=256|precision=bf16|v1")
        XCTAssertEqual(auto, BF16Kernels.available ? bf16 : fp32)
        let identity = try modelFingerprint(folder: folder, files: EmbedderLoader.inputFiles(folder: folder),
                                            tag: "encoder-model-files/v1", digests: FileDigests())
        let named = ModelDescription(name: folder.lastPathComponent, revision: nil, facts: nil)
        let scorer = EmbeddingScorer(id: "e", folder: folder, identity: identity, maxLength: nil, precision: .bf16,
                                     model: named, description: bf16Description)
        XCTAssertTrue(scorer.fingerprint.hasSuffix("|precision=bf16|v1"), scorer.fingerprint)
        XCTAssertEqual(scorer.card.precision, "bf16")
        let plain = EmbeddingScorer(id: "e", folder: folder, identity: identity, maxLength: nil,
                                    model: named, description: fp32Description)
        XCTAssertEqual(plain.card.precision, "fp32")
        XCTAssertNotEqual(plain.fingerprint, scorer.fingerprint)
    }
}
