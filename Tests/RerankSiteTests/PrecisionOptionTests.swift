import Checksum
import Foundation
import Kernels
import Qwen3
import XCTest
@testable import RerankSite

/// `precision:` on a qwen3-reranker scorer: parsing, the message for a wrong value, and the
/// fingerprint that keeps fp32 and bf16 scores apart in the cache.
final class PrecisionOptionTests: XCTestCase {
    let root = URL(fileURLWithPath: "/tmp/project")

    private func spec(_ precision: String?) throws -> ScorerSpec {
        let line = precision.map { "\n    precision: \($0)" } ?? ""
        let yaml = """
            scorers:
              - id: q
                kind: qwen3-reranker
                model: some/model\(line)
            """
        let config = try SiteConfig.parse(yaml: yaml, file: "rerank-site.yml", root: root)
        return try SiteBuilder.selectScorers(config, ids: [])[0].spec
    }

    func testPrecisionIsParsedAndDefaultsToFP32() throws {
        for (text, expected) in [(nil, PrecisionSetting.fp32), ("fp32", .fp32), ("bf16", .bf16), ("auto", .auto)] {
            guard case let .qwen3Reranker(_, _, precision) = try spec(text) else { return XCTFail("kind") }
            XCTAssertEqual(precision, expected, text ?? "default")
        }
    }

    func testAWrongPrecisionIsNamedWithItsPlace() {
        XCTAssertThrowsError(try spec("fp16")) { error in
            guard let error = error as? BuildError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .badInput)
            XCTAssertTrue(error.description.contains("rerank-site.yml:5:16: scorers.precision: unknown precision 'fp16': expected auto, fp32 or bf16"),
                          error.description)
        }
    }

    func testFingerprintDiffersByResolvedPrecision() throws {
        let folder = try TestProject.fixtureModel("tied-bf16")
        let identity = try modelFingerprint(folder: folder, digests: FileDigests())
        func scorer(_ p: PrecisionSetting) -> Qwen3Scorer {
            Qwen3Scorer(id: "q", folder: folder, identity: identity, options: RerankerOptions(maxLength: 256, precision: p))
        }
        let fp32 = scorer(.fp32), bf16 = scorer(.bf16), auto = scorer(.auto)
        XCTAssertNotEqual(fp32.fingerprint, bf16.fingerprint)
        // fp32 keeps the fingerprint of the engine before precisions existed: its cache stays valid.
        XCTAssertEqual(fp32.fingerprint, "qwen3-reranker|model=\(identity.value)|prompt=\(Qwen3Reranker.promptVersion)|max_length=256")
        XCTAssertTrue(bf16.fingerprint.hasSuffix("|precision=bf16|attention=bf16-fused64"), bf16.fingerprint)
        // auto is whatever it resolves to on this CPU: the same cache entries as that precision.
        XCTAssertEqual(auto.fingerprint, BF16Kernels.available ? bf16.fingerprint : fp32.fingerprint)
        XCTAssertEqual(bf16.arithmetic.resolved, .bf16)
        XCTAssertEqual(auto.arithmetic.setting, "auto")
    }
}
