import Foundation
import XCTest
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
}
