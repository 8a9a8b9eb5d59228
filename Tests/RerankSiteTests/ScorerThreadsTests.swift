import Checksum
import Encoders
import Foundation
import Kernels
import RerankCore
import XCTest
@testable import RerankSite

/// `threads:` means the same on every scorer that runs a model here (qwen3-reranker, embedding,
/// cross-encoder): OpenBLAS threads, a whole number ≥ 1, set when the model loads.
final class ScorerThreadsTests: XCTestCase {
    private let root = URL(fileURLWithPath: "/tmp/project")

    private func checked(_ kind: String, _ threads: String) throws -> CheckedScorer {
        let yaml = """
            scorers:
              - id: s
                kind: \(kind)
                model: some/model
                threads: \(threads)
            """
        return try SiteBuilder.selectScorers(SiteConfig.parse(yaml: yaml, file: "rerank-site.yml", root: root), ids: [])[0]
    }

    func testEveryModelKindReadsAndChecksThreadsTheSameWay() throws {
        for kind in ["qwen3-reranker", "embedding", "cross-encoder"] {
            XCTAssertEqual(try checked(kind, "3").threads, 3, kind)
            for (text, message) in [("0", "must be ≥ 1, got 0"), ("two", "expected a whole number ≥ 1, got 'two'")] {
                XCTAssertThrowsError(try checked(kind, text), kind) {
                    XCTAssertTrue("\($0)".contains("rerank-site.yml:5:14: scorers.threads: \(message)"), "\(kind): \($0)")
                }
            }
        }
        XCTAssertThrowsError(try checked("bm25", "2")) {
            XCTAssertTrue("\($0)".contains("scorers.threads: unknown option 'threads' for a bm25 scorer"), "\($0)")
        }
    }

    /// The encoder scorers set OpenBLAS's threads when their model loads, as the reranker does.
    func testEncoderScorersSetTheThreadsWhenTheModelLoads() async throws {
        let before = blasThreads
        defer { setBLASThreads(before) }
        let wanted = before == 1 ? 2 : 1
        let minilm = try TestProject.miniLM(), crossEncoder = try TestProject.crossEncoder()
        let named = ModelDescription(name: "m", revision: nil, facts: nil)
        let request = [ScoreRequest(instruction: "", query: "a harbour", documents: ["boats in a harbour"])]

        let embedding = EmbeddingScorer(
            id: "e", folder: minilm, identity: try modelFingerprint(folder: minilm, files: EmbedderLoader.inputFiles(folder: minilm),
                                                                    tag: "t", digests: FileDigests()),
            maxLength: nil, threads: wanted, model: named,
            description: try EmbedderLoader.describe(folder: minilm, maxLength: nil))
        setBLASThreads(before)
        _ = try await embedding.score(request)
        XCTAssertEqual(blasThreads, wanted, "embedding")

        let cross = CrossEncoderScorer(
            id: "c", folder: crossEncoder,
            identity: try modelFingerprint(folder: crossEncoder, files: BertCrossEncoder.inputFiles(folder: crossEncoder),
                                           tag: "t", digests: FileDigests()),
            maxLength: 64, threads: wanted, model: named, description: try BertCrossEncoder.describe(folder: crossEncoder, maxLength: 64))
        setBLASThreads(before)
        _ = try await cross.score(request)
        XCTAssertEqual(blasThreads, wanted, "cross-encoder")
    }
}
