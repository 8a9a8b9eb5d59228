import Foundation
import XCTest
import RerankCore
@testable import RerankSite

/// `gates:`: configuration problems reported with the others, `check` and `build --check`.
final class GateTests: XCTestCase {
    func testGateProblemsAreReportedWithTheOtherConfigProblems() throws {
        let yaml = """
        metrics: [ndcg@10, bleu]
        scorers:
          - original
          - { id: b, kind: bm25, k1: -1 }
        gates:
          - { scorer: qwen, metric: ndcg@10, min: 0.8 }
          - { scorer: b, metric: ndcg@11x, min: 0.8 }
          - { scorer: b, metric: mrr, beats: nobody, by: 0.02 }
          - { scorer: b, metric: mrr, min: 0.1, max_drop: 0.01 }
          - { scorer: b, metric: map, min: high }
          - { scorer: b, metric: map }
        """
        XCTAssertThrowsError(try SiteConfig.parse(yaml: yaml, file: "rerank-site.yml", root: URL(fileURLWithPath: "/tmp"))) { error in
            let text = (error as? BuildError)?.messages.joined(separator: "\n") ?? "\(error)"
            for expected in [
                "rerank-site.yml:1:20: metrics: unknown metric 'bleu'",
                "rerank-site.yml:4:30: scorers.k1: must be ≥ 0, got -1",
                "rerank-site.yml:6: gates.scorer: unknown scorer 'qwen' (configured: original, b)",
                "rerank-site.yml:7:26: gates.metric: unknown metric 'ndcg@11x'",
                "rerank-site.yml:8: gates.beats: unknown scorer 'nobody'",
                "rerank-site.yml:9:5: gates: a gate takes one of min, max, beats or max_drop; this one gives min, max_drop",
                "rerank-site.yml:10:36: gates.min: expected a number, got 'high'",
                "rerank-site.yml:11:5: gates: a gate needs one of min, max, beats or max_drop",
            ] {
                XCTAssertTrue(text.contains(expected), "missing \(expected) in\n\(text)")
            }
        }
    }

    func testCheckExitsOneListingEveryFailedGateAndZeroWhenAllPass() async throws {
        let gates = """
            scorers: [original, bm25]
            metrics: [ndcg@10, map]
            gates:
              - { scorer: bm25, metric: ndcg@10, min: 0.1 }
              - { scorer: bm25, metric: p@1, min: 2 }
              - { scorer: original, metric: map, beats: bm25, by: 1 }
            """
        let project = try TestProject(config: gates, cases: twoCases)
        defer { project.remove() }
        var options = BuildOptions(workingDirectory: project.root)
        options.check = true
        options.summaryFile = project.root.appendingPathComponent("summary.md").path
        let built = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false))
        XCTAssertEqual(built.check.exitStatus, 1)
        XCTAssertEqual(built.check.failed.map(\.gate), ["bm25 p@1 ≥ 2.0000", "original map beats bm25 by 1.0000"])
        XCTAssertTrue(built.check.lines[0] == "check: 2 of 3 gates failed", built.check.lines.joined(separator: "\n"))
        let summary = try String(contentsOf: project.root.appendingPathComponent("summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("**2 of 3 gates failed.**"), summary)
        XCTAssertTrue(summary.contains("| scorer | ndcg@10 | map | p@1 |"), summary)
        XCTAssertTrue(summary.contains("❌ `bm25 p@1 ≥ 2.0000`: bm25 p@1 is 0.0000, below the minimum 2.0000 by 2.0000"), summary)
        let checkJSON = try project.text("data/check.json")
        XCTAssertTrue(checkJSON.contains("\"passed\" : false"), checkJSON)
        // The page shows only `metrics:`; results.json carries the gate's p@1 as well.
        let index = try project.text("index.html")
        XCTAssertTrue(index.contains("MAP") && !index.contains("P@1"))
        XCTAssertTrue(try project.text("data/results.json").contains("\"p@1\""))

        // `check` on the same site with the failing gates removed: exit 0, and the site rebuilds.
        try project.write("rerank-site.yml", gates.components(separatedBy: "\n").prefix(4).joined(separator: "\n"))
        var checkOptions = BuildOptions(workingDirectory: project.root)
        let step = project.root.appendingPathComponent("step.md").path
        checkOptions.summaryFile = nil
        let report = try SiteBuilder.check(checkOptions, environment: ["GITHUB_STEP_SUMMARY": step])
        XCTAssertEqual(report.exitStatus, 0, report.lines.joined(separator: "\n"))
        XCTAssertEqual(report.lines[0], "check: all 1 gates passed")
        XCTAssertTrue(try String(contentsOfFile: step, encoding: .utf8).contains("All 1 gates passed."))
        XCTAssertTrue(try project.text("data/check.json").contains("\"passed\" : true"))
        _ = try await project.build()
    }

    func testGateOutcomesInWords() {
        let means: MetricMeans = ["a": ["mrr": 0.5, "ndcg@10": 0.8], "b": ["mrr": 0.45]]
        let gates = [
            Gate(scorer: "a", metric: .ndcg(10), rule: .min(0.8), location: "x:1"),
            Gate(scorer: "a", metric: .mrr, rule: .beats("b", by: 0.05), location: "x:2"),
            Gate(scorer: "a", metric: .mrr, rule: .maxDrop(0.01), location: "x:3"),
            Gate(scorer: "c", metric: .mrr, rule: .min(0), location: "x:4"),
            Gate(scorer: "b", metric: .map, rule: .min(0), location: "x:5"),
        ]
        let out = evaluateGates(gates, means: means, previous: ["a": ["mrr": 0.52]])
        XCTAssertEqual(out.map(\.passed), [true, true, false, false, false])
        XCTAssertEqual(out[2].message, "a mrr fell by 0.0200 since the previous run (0.5200 → 0.5000); at most 0.0100 may be lost")
        XCTAssertEqual(out[3].message, "c was not part of this build, so its mrr is unknown")
        XCTAssertEqual(evaluateGates([gates[2]], means: means, previous: nil)[0].passed, true)
    }
}
