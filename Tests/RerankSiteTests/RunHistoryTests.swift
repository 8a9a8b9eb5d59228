import Foundation
import XCTest
import Cache
import RerankCore
@testable import RerankSite

/// The run history: recorded only when results change, the history page and history.json,
/// seeding from a published history, and `max_drop` gates against the previous run.
final class RunHistoryTests: XCTestCase {
    func history(_ project: TestProject) throws -> HistoryDocument {
        try JSONDecoder().decode(HistoryDocument.self, from: Data(try project.text("data/history.json").utf8))
    }

    func testARunIsRecordedOnlyWhenResultsChange() async throws {
        let project = try TestProject(config: "scorers: [original, bm25]\n", cases: twoCases)
        defer { project.remove() }
        _ = try await project.build()
        XCTAssertEqual(try history(project).runs.count, 1)
        let before = try project.siteFiles()
        _ = try await project.build()
        let after = try project.siteFiles()
        for (path, data) in before { XCTAssertEqual(data, after[path], "\(path) differs after a rebuild with the same results") }

        // A label changes: the results differ, a second run is recorded and the page compares them.
        let battery = twoCases["shop/battery.md"]!.replacingOccurrences(of: "Phone case with built-in battery {rel=0}",
                                                                       with: "Phone case with built-in battery {rel=3}")
        try project.write("inputs/shop/battery.md", battery)
        _ = try await project.build()
        let runs = try history(project).runs
        XCTAssertEqual(runs.count, 2)
        XCTAssertNotEqual(runs[0].means["original"]?["hit@1"], runs[1].means["original"]?["hit@1"])
        let page = try project.text("history.html")
        XCTAssertTrue(page.contains("Since the previous run"), page)
        XCTAssertTrue(page.contains("shop/battery.md"), "the case whose Hit@1 changed is listed")
        XCTAssertTrue(page.contains("Hit@1 no → yes"), page)
        XCTAssertEqual(page.components(separatedBy: "class=\"trend-dot\"").count - 1, 4 * 2 * 2, "4 metrics × 2 scorers × 2 runs")
        XCTAssertTrue(try project.text("index.html").contains("href=\"history.html\""))
    }

    func testHistorySeedsAFreshCacheAndRefusesAnotherProjects() async throws {
        let project = try TestProject(config: """
            scorers: [original, bm25]
            gates:
              - { scorer: bm25, metric: mrr, max_drop: 0.0 }
            """, cases: twoCases)
        defer { project.remove() }
        _ = try await project.build()
        // bm25 ranks the relevant candidate third here (mrr 1/3), below the two cases' 0.5.
        try project.write("inputs/extra.md", "## Query\n\nzzz\n\n## Candidates\n\n1. zzz {rel=0}\n2. zzz zzz {rel=0}\n3. yyy {rel=1}\n")
        _ = try await project.build()
        let published = project.root.appendingPathComponent("published-history.json")
        try Data(try project.text("data/history.json").utf8).write(to: published)
        XCTAssertEqual(try history(project).runs.count, 2)

        // A CI runner: no cache, the published history seeds it; the unchanged results add nothing.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".rerank-site"))
        var options = BuildOptions(workingDirectory: project.root)
        options.historyFile = published.path
        let report = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false))
        XCTAssertEqual(try history(project).runs, try JSONDecoder().decode(HistoryDocument.self, from: Data(contentsOf: published)).runs)
        // The extra case lowered bm25's mrr: max_drop 0 fails against the previous run, at build and in `check`.
        XCTAssertEqual(report.check.failed.count, 1, report.check.lines.joined(separator: "\n"))
        XCTAssertTrue(report.check.failed.first?.message.contains("fell by") == true, report.check.lines.joined(separator: "\n"))
        XCTAssertEqual(try SiteBuilder.check(BuildOptions(workingDirectory: project.root), environment: [:]).exitStatus, 1)

        // Another project's history: a clear error, and the site stays as it was.
        let other = try TestProject(config: "scorers: [original]\n", cases: ["a.md": "## Query\n\nq\n\n## Candidates\n\n1. x {rel=1}\n"])
        defer { other.remove() }
        _ = try await other.build()
        let siteBefore = try project.siteFiles()
        options.historyFile = other.root.appendingPathComponent("site/data/history.json").path
        do {
            _ = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false))
            XCTFail("another project's history must be refused")
        } catch let error as BuildError {
            XCTAssertTrue(error.messages[0].contains("runs[0].cases: none of its 1 case paths (a.md…) is among this build's 3 cases"),
                          error.description)
        }
        XCTAssertEqual(try project.siteFiles(), siteBefore)
        try project.write("not-history.json", "{\"runs\": 3}")
        options.historyFile = project.root.appendingPathComponent("not-history.json").path
        do {
            _ = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false))
            XCTFail("a file that is not a history must be refused")
        } catch let error as BuildError {
            XCTAssertTrue(error.messages[0].contains("not a data/history.json written by rerank-site"), error.description)
        }
    }

    /// Per-case facts are kept for the latest two runs only, in history.json and in the cache, so the
    /// history grows by the per-scorer means per run; the page, rebuilds and seeding still work.
    func testOnlyTheLatestTwoRunsKeepPerCaseFacts() async throws {
        func config(_ k1: Double) -> String { "scorers: [original, { id: bm25, kind: bm25, k1: \(k1) }]\n" }
        let project = try TestProject(config: config(1.0), cases: twoCases)
        defer { project.remove() }
        for k1 in [1.0, 1.1, 1.2, 1.3] {
            try project.write("rerank-site.yml", config(k1))
            _ = try await project.build()
        }
        let runs = try history(project).runs
        XCTAssertEqual(runs.count, 4, "a fingerprint change is a new run")
        XCTAssertEqual(runs.map(\.cases.count), [0, 0, 2, 2], "per-case facts on the latest two runs only")
        XCTAssertEqual(Set(runs.map { $0.means["bm25"]?.count ?? 0 }), [4], "every run keeps its means")
        let cache = try ScoreCache(path: project.root.appendingPathComponent(".rerank-site/cache.sqlite"))
        let stored = try cache.historyRecords().map { try JSONDecoder().decode(HistoryRun.self, from: Data($0.utf8)) }
        XCTAssertEqual(stored, runs, "the cache keeps the same bounded history")
        XCTAssertTrue(try project.text("history.html").contains("Since the previous run"))

        // A rebuild with the same results changes nothing.
        let before = try project.siteFiles()
        _ = try await project.build()
        XCTAssertEqual(try project.siteFiles(), before)

        // A CI runner seeded from the published (bounded) history, then a change: five runs, each once.
        let published = project.root.appendingPathComponent("published-history.json")
        try Data(try project.text("data/history.json").utf8).write(to: published)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".rerank-site"))
        try project.write("rerank-site.yml", config(1.4))
        var options = BuildOptions(workingDirectory: project.root)
        options.historyFile = published.path
        _ = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false))
        let seeded = try history(project).runs
        XCTAssertEqual(seeded.count, 5)
        XCTAssertEqual(seeded.map(\.cases.count), [0, 0, 0, 2, 2])
        XCTAssertEqual(Array(seeded.prefix(4)).map(\.withoutCaseFacts), runs.map(\.withoutCaseFacts))
    }

    /// A run seeded again from a history whose copy still has its per-case facts is the same run.
    func testSeedAndCacheCopiesOfOneRunAreMergedWhetherOrNotTheyKeepCaseFacts() {
        func run(_ time: String, _ mean: Double) -> HistoryRun {
            HistoryRun(time: time, toolVersion: "1", gitCommit: nil, gitDirty: nil, configHash: "h", fingerprints: ["bm25": "f\(mean)"],
                       scorers: ["bm25"], means: ["bm25": ["mrr": mean]],
                       cases: ["a.md": ["bm25": CaseRunFacts(top: "c0", hit1: true, metrics: ["mrr": mean])]])
        }
        let a = run("2026-01-01T00:00:00Z", 0.1), b = run("2026-01-02T00:00:00Z", 0.2), c = run("2026-01-03T00:00:00Z", 0.3)
        let cached = boundedHistory([a, b, c])
        XCTAssertEqual(cached.map(\.cases.count), [0, 1, 1])
        let plan = RunHistory.plan(cached: cached, seed: [a, b], current: c)
        XCTAssertEqual(plan.runs, cached, "nothing added twice")
        XCTAssertTrue(plan.toAppend.isEmpty)
        let next = RunHistory.plan(cached: cached, seed: [], current: run("2026-01-04T00:00:00Z", 0.4))
        XCTAssertEqual(next.runs.map(\.cases.count), [0, 0, 1, 1])
        XCTAssertEqual(next.toAppend.count, 1)
    }
}
