import Foundation
import XCTest
import Qwen3
import RerankCore
@testable import RerankSite

/// A build with the native engine on a small random-weight model: qwen3 columns on the site,
/// scores equal to the engine's own, and per-pair caching.
final class Qwen3BuildTests: XCTestCase {
    func testBuildWithFixtureModelShowsQwen3Scores() async throws {
        let model = try TestProject.fixtureModel()
        let config = baselineConfig + "\n  - id: qwen3-tiny\n    kind: qwen3-reranker\n    model: \(model.path)\n    max_length: 512\n"
        let project = try TestProject(config: config, cases: twoCases)
        defer { project.remove() }
        let first = try await project.build()
        // qwen3 reads instructions: breakup 1 × 2 variants × 3, battery 2 instructions × 1 × 3.
        XCTAssertEqual(first.pairs, 18 + 12)
        XCTAssertEqual(first.scored, first.pairs)

        let page = try project.text("cases/music/breakup.html")
        XCTAssertTrue(page.contains("qwen3-tiny"))
        let index = try project.text("index.html")
        XCTAssertTrue(index.contains("qwen3-tiny"))

        // The site's scores are the engine's.
        let engine = try Qwen3Reranker(folder: model, options: RerankerOptions(maxLength: 512))
        let expected = try engine.score(
            instruction: "Given a lyric search query, retrieve lyrics that match the mood the user describes",
            query: "分手后不想哭，想笑得洒脱",
            documents: ["失恋是成长的必经之路，请保持积极心态", "我笑着挥手说再见，眼泪却在转身时决堤", "把戒指扔进海里，浪花替我大笑三声"])
        let json = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8)) as? [String: Any]
        let cases = json?["cases"] as? [[String: Any]] ?? []
        let breakup = cases.first { $0["slug"] as? String == "music/breakup" }
        let rankings = breakup?["rankings"] as? [[String: Any]] ?? []
        let qwen = rankings.first { $0["scorer"] as? String == "qwen3-tiny" && $0["variant"] as? String == "query" }
        let scores = qwen?["scores"] as? [Double] ?? []
        XCTAssertEqual(scores.count, 3)
        for (a, b) in zip(scores, expected.map(\.score)) { XCTAssertEqual(a, b, accuracy: 1e-6) }

        // Editing one candidate rescores that candidate only (per query variant), nothing else.
        var edited = twoCases["music/breakup.md"] ?? ""
        edited = edited.replacingOccurrences(of: "把戒指扔进海里，浪花替我大笑三声", with: "把戒指扔进海里，浪花替我笑出声")
        try project.write("inputs/music/breakup.md", edited)
        let second = try await project.build(scorers: ["qwen3-tiny"])
        XCTAssertEqual(second.scored, 2, "one candidate × (query + one rewrite)")
        XCTAssertEqual(second.cached, 12 - 2)
    }

    func testModelChangeInvalidatesCache() async throws {
        let bf16 = try TestProject.fixtureModel("tied-bf16")
        let f32 = try TestProject.fixtureModel("tied-f32")
        let config = "scorers:\n  - id: q\n    kind: qwen3-reranker\n    model: \(bf16.path)\n    max_length: 256\n"
        let project = try TestProject(config: config, cases: twoCases)
        defer { project.remove() }
        let first = try await project.build()
        XCTAssertEqual(first.cached, 0)
        try project.write("rerank-site.yml", config.replacingOccurrences(of: bf16.path, with: f32.path))
        let second = try await project.build()
        XCTAssertEqual(second.cached, 0, "another model's scores are never reused")
        try project.write("rerank-site.yml", config.replacingOccurrences(of: "max_length: 256", with: "max_length: 300"))
        let third = try await project.build()
        XCTAssertEqual(third.cached, 0, "a different max length never reuses scores")
    }
}
