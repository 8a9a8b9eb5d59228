import Foundation
import XCTest
import Encoders
import RerankCore
@testable import RerankSite

/// `kind: embedding` in a build: the example cases scored with the real all-MiniLM-L6-v2 give
/// sentence-transformers' cosines (Tests/EncodersTests/Fixtures/minilm_cases.json), and are cached.
final class EmbeddingBuildTests: XCTestCase {
    /// The example's case files, by path under inputs/.
    private static func exampleCases() throws -> [String: String] {
        let inputs = TestProject.repoRoot.appendingPathComponent("inputs")
        var cases: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(at: inputs, includingPropertiesForKeys: nil) else { return cases }
        for case let url as URL in walker where url.pathExtension == "md" {
            cases[String(url.path.dropFirst(inputs.path.count + 1))] = try String(contentsOf: url, encoding: .utf8)
        }
        return cases
    }

    func testExampleMiniLMScoresMatchSentenceTransformers() async throws {
        let model = try TestProject.miniLM()
        let config = "scorers:\n  - id: original\n    kind: original\n  - id: minilm\n    kind: embedding\n    model: \(model.path)\n"
        let project = try TestProject(config: config, cases: Self.exampleCases())
        defer { project.remove() }
        let first = try await project.build()
        XCTAssertGreaterThan(first.scored, 0)

        struct Fixture: Decodable {
            struct Pair: Decodable { let query: String; let candidate: String; let cosine: Double }
            let pairs: [Pair]
        }
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf:
            TestProject.repoRoot.appendingPathComponent("Tests/EncodersTests/Fixtures/minilm_cases.json")))
        var want: [String: Double] = [:]
        for pair in fixture.pairs { want[pair.query + "\u{0}" + pair.candidate] = pair.cosine }

        let json = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8)) as? [String: Any]
        var compared = 0, maxDiff = 0.0
        for item in json?["cases"] as? [[String: Any]] ?? [] {
            let query = item["query"] as? String ?? ""
            let candidates = (item["candidates"] as? [[String: Any]] ?? []).map { $0["text"] as? String ?? "" }
            for ranking in item["rankings"] as? [[String: Any]] ?? []
            where ranking["scorer"] as? String == "minilm" && ranking["variant"] as? String == "query" {
                for (candidate, score) in zip(candidates, ranking["scores"] as? [Double] ?? []) {
                    guard let expected = want[query + "\u{0}" + candidate] else {
                        XCTFail("no reference cosine for \(query.prefix(40)) / \(candidate.prefix(40))")
                        continue
                    }
                    maxDiff = max(maxDiff, abs(score - expected))
                    compared += 1
                }
            }
        }
        print("example build, minilm vs sentence-transformers: \(compared) pairs, max |Δ cosine| = \(maxDiff)")
        XCTAssertGreaterThanOrEqual(compared, 150)
        XCTAssertLessThanOrEqual(maxDiff, 1e-5)
        XCTAssertTrue(try project.text("index.html").contains("minilm"))

        // Instructions do not split an instruction-blind scorer's cache: a second build embeds nothing.
        let second = try await project.build(scorers: ["minilm"])
        XCTAssertEqual(second.scored, 0)
    }

    func testEmbeddingOptionsAreChecked() async throws {
        let project = try TestProject(config: "scorers:\n  - id: e\n    kind: embedding\n    max_length: 1\n    pooling: cls\n", cases: twoCases)
        defer { project.remove() }
        if let error = await project.buildError("bad options must fail") {
            let text = error.description
            XCTAssertTrue(text.contains("scorers.model: an embedding scorer needs `model:`"), text)
            XCTAssertTrue(text.contains("scorers.max_length: must be ≥ 2, got 1"), text)
            XCTAssertTrue(text.contains("scorers.pooling: unknown option 'pooling' for a embedding scorer") ||
                          text.contains("unknown option 'pooling'"), text)
        }
    }

    func testAFolderThatIsNotAnEncoderIsNamed() async throws {
        let project = try TestProject(config: "scorers:\n  - id: e\n    kind: embedding\n    model: nomodel\n", cases: twoCases)
        defer { project.remove() }
        try project.write("nomodel/config.json", "{\"model_type\": \"gpt2\"}")
        if let error = await project.buildError("a gpt2 folder is not an embedding model") {
            XCTAssertTrue(error.description.contains("model_type: 'gpt2' is not supported for embeddings"), error.description)
            XCTAssertTrue(error.description.contains("rerank-site.yml:4"), error.description)
        }
    }

    func testCrossEncoderScorerInABuild() async throws {
        let folder = try TestProject.crossEncoder()
        let config = baselineConfig + "\n  - id: ce\n    kind: cross-encoder\n    model: \(folder.path)\n    max_length: 64\n"
        let project = try TestProject(config: config, cases: twoCases)
        defer { project.remove() }
        let first = try await project.build()
        XCTAssertEqual(first.scored, first.pairs)
        XCTAssertTrue(try project.text("index.html").contains(">ce<") || project.text("index.html").contains("ce"))
        let json = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8)) as? [String: Any]
        let cases = json?["cases"] as? [[String: Any]] ?? []
        let breakup = cases.first { $0["slug"] as? String == "music/breakup" }
        let ranking = (breakup?["rankings"] as? [[String: Any]] ?? []).first { $0["scorer"] as? String == "ce" && $0["variant"] as? String == "query" }
        let scores = ranking?["scores"] as? [Double] ?? []
        let candidates = (breakup?["candidates"] as? [[String: Any]] ?? []).map { $0["text"] as? String ?? "" }
        let encoder = try BertCrossEncoder(folder: folder, maxLength: 64)
        let want = encoder.score(query: breakup?["query"] as? String ?? "", documents: candidates).map(\.score)
        XCTAssertEqual(scores.count, 3)
        for (a, b) in zip(scores, want) { XCTAssertEqual(a, b, accuracy: 1e-9) }
        let second = try await project.build()
        XCTAssertEqual(second.scored, 0)
    }
}
