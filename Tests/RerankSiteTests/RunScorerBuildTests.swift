import Foundation
import XCTest
import RerankCore
@testable import RerankSite

/// `kind: run`: scores from a file, the round trip through the site's own run export, and every
/// kind of bad line reported at once.
final class RunScorerBuildTests: XCTestCase {
    struct Results: Decodable {
        struct Summary: Decodable { var scorer: String; var means: [String: Double]; var labelledCases: Int }
        struct Case: Decodable { var path: String; var instructions: [String]; var rankings: [Ranking] }
        struct Ranking: Decodable {
            var scorer: String; var instruction: String; var variant: String; var order: [Int]; var scores: [Double]
            var metrics: RankingMetrics?
        }
        var summaries: [Summary]
        var cases: [Case]
    }

    func results(_ project: TestProject) throws -> Results {
        try JSONDecoder().decode(Results.self, from: Data(try project.text("data/results.json").utf8))
    }

    /// The headline ranking (first instruction, original query) of a scorer per case path.
    func headlines(_ r: Results, _ scorer: String) -> [String: Results.Ranking] {
        var out: [String: Results.Ranking] = [:]
        for c in r.cases {
            out[c.path] = c.rankings.first { $0.scorer == scorer && $0.variant == "query" && $0.instruction == c.instructions[0] }
        }
        return out
    }

    static let metricsLine = "metrics: [ndcg@10, ndcg@3, map, mrr, p@1, p@3, recall@2, hit@1, hit@3]\n"

    func testExportedRunReproducesRankingsAndMetrics() async throws {
        // A JSONL scorer with ties (every breakup candidate 0.5; battery's c0 and c2 equal) and bm25.
        var cases = twoCases
        cases["flat.md"] = "## Query\n\nflat\n\n## Candidates\n\n1. a {rel=0}\n2. b {rel=1}\n3. c {rel=2}\n4. d\n"
        let jsonl = """
        {"case": "music/breakup", "candidate": "c0", "score": 0.5}
        {"case": "music/breakup", "candidate": "c1", "score": 0.5}
        {"case": "music/breakup", "candidate": "c2", "score": 0.5}
        {"case": "shop/battery.md", "candidate": "c0", "score": 2}
        {"case": "shop/battery", "candidate": "c1", "score": 1}
        {"case": "shop/battery", "candidate": "c2", "score": 2}
        {"case": "flat", "candidate": "c3", "score": 7}
        {"case": "flat", "candidate": "c2", "score": 7}
        {"case": "flat", "candidate": "c1", "score": 7}
        {"case": "flat", "candidate": "c0", "score": 7}

        """
        let project = try TestProject(config: "title: t\n" + Self.metricsLine + """
            scorers:
              - original
              - bm25
              - { id: tied, kind: run, file: tied.jsonl, model: hand-written }
            """, cases: cases)
        defer { project.remove() }
        try project.write("tied.jsonl", jsonl)
        _ = try await project.build()
        let first = try results(project)
        XCTAssertEqual(headlines(first, "tied")["flat.md"]?.order, [0, 1, 2, 3], "equal scores keep first-stage order")
        XCTAssertEqual(headlines(first, "tied")["shop/battery.md"]?.order, [0, 2, 1])

        try project.write("bm25.run", try project.text("data/bm25.run"))
        try project.write("tied.run", try project.text("data/tied.run"))
        try project.write("rerank-site.yml", "title: t\n" + Self.metricsLine + """
            scorers:
              - original
              - bm25
              - { id: tied, kind: run, file: tied.jsonl }
              - { id: bm25-again, kind: run, file: bm25.run }
              - { id: tied-again, kind: run, file: tied.run }
            """)
        _ = try await project.build()
        let second = try results(project)
        for (original, again) in [("bm25", "bm25-again"), ("tied", "tied-again")] {
            let a = headlines(second, original), b = headlines(second, again)
            XCTAssertEqual(a.count, 3)
            for (path, ranking) in a {
                XCTAssertEqual(ranking.order, b[path]?.order, "\(again) \(path)")
                XCTAssertEqual(ranking.metrics, b[path]?.metrics, "\(again) \(path)")
                for (x, y) in zip(ranking.scores, b[path]?.scores ?? []) { XCTAssertEqual(x, y, accuracy: 1e-6 * max(1, abs(x))) }
            }
            let sa = try XCTUnwrap(second.summaries.first { $0.scorer == original })
            let sb = try XCTUnwrap(second.summaries.first { $0.scorer == again })
            XCTAssertEqual(sa.means, sb.means, again)
            XCTAssertEqual(Set(sa.means.keys), ["ndcg@10", "ndcg@3", "map", "mrr", "p@1", "p@3", "recall@2", "hit@1", "hit@3"])
            XCTAssertEqual(sa.labelledCases, 3)
        }
    }

    func testBadLinesAndMissingPairsAreReportedTogether() async throws {
        let project = try TestProject(config: """
            scorers:
              - original
              - { id: ext, kind: run, file: scores.run }
            """, cases: twoCases)
        defer { project.remove() }
        try project.write("scores.run", """
            music/breakup Q0 c0 1 0.9 x
            music/breakup Q0 c1 2 0.8 x
            music/nope Q0 c0 1 0.9 x
            shop/battery Q0 c7 1 0.9 x
            shop/battery Q0 c0 1 nan x
            music/breakup Q0 c0 3 0.1 x
            shop/battery Q0 c1 1 0.5
            """)
        if let error = await project.buildError("bad run lines must fail the build") {
            let text = error.messages.joined(separator: "\n")
            XCTAssertTrue(text.contains("scores.run:5: score 'nan' is not a finite number"), text)
            XCTAssertTrue(text.contains("scores.run:7: expected 6 fields"), text)
            // The well-formed lines are matched to the cases in the same report; missing pairs are
            // not counted while a malformed line may hold one.
            XCTAssertTrue(text.contains("scores.run:3: unknown case 'music/nope'"), text)
            XCTAssertTrue(text.contains("scores.run:4: case 'shop/battery' has no candidate 'c7' (c0 to c2)"), text)
            XCTAssertTrue(text.contains("scores.run:6: duplicate score for case 'music/breakup' candidate 'c0' (first at line 1)"), text)
            XCTAssertFalse(text.contains("have no score"), text)
            XCTAssertEqual(error.messages.count, 5, text)
        }
        try project.write("scores.run", """
            music/breakup Q0 c0 1 0.9 x
            music/breakup Q0 c1 2 0.8 x
            music/nope Q0 c0 1 0.9 x
            shop/battery Q0 c7 1 0.9 x
            music/breakup Q0 c0 3 0.1 x
            """)
        if let error = await project.buildError("unknown names must fail the build") {
            let text = error.messages.joined(separator: "\n")
            XCTAssertTrue(text.contains("scores.run:3: unknown case 'music/nope'"), text)
            XCTAssertTrue(text.contains("scores.run:4: case 'shop/battery' has no candidate 'c7' (c0 to c2)"), text)
            XCTAssertTrue(text.contains("scores.run:5: duplicate score for case 'music/breakup' candidate 'c0' (first at line 1)"), text)
            XCTAssertTrue(text.contains("4 pairs have no score"), text)
            XCTAssertTrue(text.contains("music/breakup c2, shop/battery c0, shop/battery c1, shop/battery c2"), text)
            XCTAssertFalse(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("site").path))
        }
        // Two run scorers with bad files: both files' problems in one report.
        try project.write("rerank-site.yml", """
            scorers:
              - original
              - { id: ext, kind: run, file: scores.run }
              - { id: ext2, kind: run, file: other.jsonl }
            """)
        try project.write("other.jsonl", "{\"case\": \"music/breakup\", \"candidate\": \"c0\"}\n")
        if let error = await project.buildError("bad run files must fail the build") {
            XCTAssertEqual(error.step, "run files")
            let text = error.messages.joined(separator: "\n")
            XCTAssertTrue(text.contains("scores.run:3: unknown case 'music/nope'"), text)
            XCTAssertTrue(text.contains("other.jsonl:1: needs \"score\""), text)
        }
    }

    func testMissingLastRanksUnscoredPairsLastWithAWarning() async throws {
        let project = try TestProject(config: """
            scorers:
              - original
              - { id: ext, kind: run, file: scores.jsonl, missing: last }
            """, cases: twoCases)
        defer { project.remove() }
        try project.write("scores.jsonl", """
            {"case": "music/breakup", "candidate": "c2", "score": 0.25}
            {"case": "shop/battery", "candidate": "c2", "score": -1, "instruction": "Prefer the cheapest listing"}
            {"case": "shop/battery", "candidate": "c1", "score": -2}
            """)
        let report = try await project.build()
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertTrue(report.warnings[0].contains("6 pairs have no score in scores.jsonl and are ranked last"), report.warnings[0])
        let r = try results(project)
        XCTAssertEqual(headlines(r, "ext")["music/breakup.md"]?.order, [2, 0, 1])
        let battery = try XCTUnwrap(r.cases.first { $0.path == "shop/battery.md" })
        let cheapest = battery.rankings.first { $0.scorer == "ext" && $0.instruction == "Prefer the cheapest listing" }
        XCTAssertEqual(cheapest?.order, [2, 0, 1])
        XCTAssertEqual(headlines(r, "ext")["shop/battery.md"]?.order, [1, 0, 2])
        do {
            _ = try await project.build(strict: true)
            XCTFail("--strict fails on the warning")
        } catch let error as BuildError { XCTAssertEqual(error.step, "strict") }
    }

    func testJSONLScoresForARewriteAreFusedAndAbsentOnesRankAsTheQuery() async throws {
        let project = try TestProject(config: """
            fusion: max
            scorers:
              - original
              - { id: ext, kind: run, file: scores.jsonl }
            """, cases: twoCases)
        defer { project.remove() }
        let lines = [
            #"{"case": "music/breakup", "candidate": "c0", "score": 0.1}"#,
            #"{"case": "music/breakup", "candidate": "c1", "score": 0.2}"#,
            #"{"case": "music/breakup", "candidate": "c2", "score": 0.3}"#,
            #"{"case": "shop/battery", "candidate": "c0", "score": 0.3}"#,
            #"{"case": "shop/battery", "candidate": "c1", "score": 0.2}"#,
            #"{"case": "shop/battery", "candidate": "c2", "score": 0.1}"#,
        ]
        let rewrite = [
            #"{"case": "music/breakup", "candidate": "c0", "score": 0.9, "query": "失恋后假装洒脱的歌词"}"#,
            #"{"case": "music/breakup", "candidate": "c1", "score": 0.5, "query": "失恋后假装洒脱的歌词"}"#,
            #"{"case": "music/breakup", "candidate": "c2", "score": 0.2, "query": "失恋后假装洒脱的歌词"}"#,
        ]
        func fused(_ r: Results) -> [Int]? {
            r.cases.first { $0.path == "music/breakup.md" }?.rankings.first { $0.scorer == "ext" && $0.variant == "fused-max" }?.order
        }
        try project.write("scores.jsonl", lines.joined(separator: "\n"))
        _ = try await project.build()
        XCTAssertEqual(headlines(try results(project), "ext")["music/breakup.md"]?.order, [2, 1, 0])
        XCTAssertEqual(fused(try results(project)), [2, 1, 0], "a rewrite without scores ranks as the query")
        try project.write("scores.jsonl", (lines + rewrite).joined(separator: "\n"))
        _ = try await project.build()
        XCTAssertEqual(headlines(try results(project), "ext")["music/breakup.md"]?.order, [2, 1, 0])
        XCTAssertEqual(fused(try results(project)), [0, 1, 2], "max of query and rewrite: 0.9, 0.5, 0.3")
        try project.write("scores.jsonl", (lines + [#"{"case": "music/breakup", "candidate": "c0", "score": 1, "query": "no such rewrite"}"#]).joined(separator: "\n"))
        if let error = await project.buildError("an unknown query must fail") {
            XCTAssertTrue(error.messages.joined().contains("scores.jsonl:7: case 'music/breakup' has no query or rewrite \"no such rewrite\""),
                          error.description)
        }
    }
}
