import Foundation
import XCTest
import RerankCore
@testable import RerankSite

final class SiteBuilderTests: XCTestCase {
    func testSecondBuildScoresNothingAndIsByteIdentical() async throws {
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }
        let first = try await project.build()
        // 2 scorers; breakup: 1 instruction × 2 variants × 3 candidates; battery: 1 × 1 × 3 (baselines ignore instructions).
        XCTAssertEqual(first.cases, 2)
        XCTAssertEqual(first.pairs, 2 * (6 + 3))
        XCTAssertEqual(first.scored, first.pairs)
        let before = try project.siteFiles()
        let second = try await project.build()
        XCTAssertEqual(second.scored, 0)
        XCTAssertEqual(second.cached, first.pairs)
        XCTAssertTrue(second.summaryLine.hasPrefix("2 cases, 18 pairs: 0 scored, 18 cached in "), second.summaryLine)
        let after = try project.siteFiles()
        XCTAssertEqual(before.keys.sorted(), after.keys.sorted())
        for (path, data) in before { XCTAssertEqual(data, after[path], "\(path) differs between two builds") }
        XCTAssertNotNil(before["index.html"])
        XCTAssertNotNil(before["cases/music/breakup.html"])
        XCTAssertNotNil(before["data/results.json"])
    }

    func testBadInputLeavesPreviousSiteAndCacheUntouched() async throws {
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }
        _ = try await project.build()
        let site = try project.siteFiles()
        let cacheFile = project.root.appendingPathComponent(".rerank-site/cache.sqlite")
        let cacheBefore = try Data(contentsOf: cacheFile)
        try project.write("inputs/shop/broken.md", "---\ntitel: x\n---\n\n## Query\n\nq\n\n## Candidates\n\n1. a {rel=x}\n")
        if let error = await project.buildError("a broken case must fail the build") {
            XCTAssertEqual(error.step, "cases")
            let text = error.description
            XCTAssertTrue(text.contains("shop/broken.md:2:1"), text)
            XCTAssertTrue(text.contains("titel"), text)
            XCTAssertTrue(text.contains("{rel=x}"), text)
        }
        let siteAfter = try project.siteFiles()
        XCTAssertEqual(site, siteAfter, "a failed build must not touch the site")
        XCTAssertEqual(cacheBefore, try Data(contentsOf: cacheFile), "a failed build must not touch the cache")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.root.path).filter { $0.hasPrefix(".site.") }
        XCTAssertEqual(leftovers, [])
    }

    /// Config, gate, case-file, run-file and history problems in one report, each once; a run-file
    /// line naming a case file that has problems of its own is passed over; site and cache untouched.
    func testEveryKindOfBadInputInOneReport() async throws {
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }
        _ = try await project.build()
        let site = try project.siteFiles()
        let cacheFile = project.root.appendingPathComponent(".rerank-site/cache.sqlite")
        let cacheBefore = try Data(contentsOf: cacheFile)
        try project.write("rerank-site.yml", """
            scorers:
              - original
              - { id: bm25, kind: bm25, b: 2 }
              - { id: ext, kind: run, file: scores.run }
            gates:
              - { scorer: nope, metric: mrr, min: 0.5 }
              - { scorer: ext, metric: ndcg@x, min: 0.5 }
            """)
        try project.write("inputs/shop/battery.md", twoCases["shop/battery.md"]!.replacingOccurrences(of: "{rel=0}", with: "{rel=-}"))
        try project.write("scores.run", "music/breakup Q0 c0 1 0.9 x\nshop/battery Q0 c0 1 0.5 x\nmusic/other Q0 c0 1 0.5 x\nmusic/breakup Q0 c1 2 inf x\n")
        try project.write("other.json", """
            {"format": "rerank-site history v1", "runs": [{"time": "2026-11-30T10:00:00Z", "toolVersion": "0", "configHash": "0",
             "fingerprints": {}, "scorers": ["bm25"], "means": {}, "cases": {"elsewhere.md": {}}}]}
            """)
        var options = BuildOptions(workingDirectory: project.root)
        options.historyFile = project.root.appendingPathComponent("other.json").path
        do {
            _ = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false))
            XCTFail("bad input must fail the build")
        } catch let error as BuildError {
            let text = error.description
            XCTAssertEqual(error.step, "config, cases, run files, history", text)
            XCTAssertTrue(text.contains("rerank-site.yml:3:"), text)                            // b: 2
            XCTAssertTrue(text.contains("gates.scorer: unknown scorer 'nope'"), text)
            XCTAssertTrue(text.contains("gates.metric: unknown metric 'ndcg@x'"), text)
            XCTAssertTrue(text.contains("shop/battery.md:"), text)
            XCTAssertTrue(text.contains("scores.run:3: unknown case 'music/other'"), text)
            XCTAssertTrue(text.contains("scores.run:4: score 'inf' is not a finite number"), text)
            XCTAssertFalse(text.contains("'shop/battery'"), "a case file with problems is passed over in the run file: \(text)")
            XCTAssertTrue(text.contains("it is the history of another project"), text)
            XCTAssertEqual(Set(error.messages).count, error.messages.count, "each problem once: \(text)")
        }
        XCTAssertEqual(try project.siteFiles(), site, "a failed build must not touch the site")
        XCTAssertEqual(try Data(contentsOf: cacheFile), cacheBefore, "a failed build must not touch the cache")
    }

    /// Where an earlier part cannot be read at all, the report says what was not checked.
    func testWhatCouldNotBeCheckedIsSaid() async throws {
        let project = try TestProject(config: "scorers: [original\n", cases: twoCases)
        defer { project.remove() }
        if let error = await project.buildError("bad YAML") {
            XCTAssertEqual(error.messages.count, 1, error.description)
            XCTAssertTrue(error.description.contains("(case files, run files and history were not checked"), error.description)
        }
        try project.write("rerank-site.yml", "input: nowhere\nscorers:\n  - original\n  - { id: ext, kind: run, file: scores.run }\n")
        try project.write("scores.run", "music/breakup Q0 c0 1 high x\n")
        if let error = await project.buildError("no case folder") {
            XCTAssertEqual(error.step, "cases, run files", error.description)
            XCTAssertTrue(error.description.contains("nowhere: input: no such folder"), error.description)
            XCTAssertTrue(error.description.contains("scores.run:1: score 'high' is not a finite number"), error.description)
            XCTAssertTrue(error.description.contains("(scores.run: only its lines were checked"), error.description)
            XCTAssertEqual(error.messages.count, 2, error.description)
        }
    }

    func testConfigProblemsNameFileLineAndKey() async throws {
        let project = try TestProject(config: "title: x\nfusoin: max\nscorers:\n  - id: bm25\n    kind: bm25\n    k3: 2\n", cases: twoCases)
        defer { project.remove() }
        if let error = await project.buildError("unknown key") {
            XCTAssertTrue(error.description.contains("rerank-site.yml:2:1: fusoin: unknown setting 'fusoin'"), error.description)
        }
        try project.write("rerank-site.yml", "scorers:\n  - id: bm25\n    kind: bm25\n    k3: 2\n")
        if let error = await project.buildError("unknown option") {
            XCTAssertTrue(error.description.contains("rerank-site.yml:4:9: scorers.k3: unknown option 'k3'"), error.description)
        }
        try project.write("rerank-site.yml", "scorers:\n  - id: x\n    kind: magic\n")
        if let error = await project.buildError("unknown kind") {
            XCTAssertTrue(error.description.contains("unknown scorer kind 'magic'"), error.description)
        }
        try project.write("rerank-site.yml", "scorers: [original, original]\n")
        if let error = await project.buildError("duplicate id") {
            XCTAssertTrue(error.description.contains("duplicate scorer id 'original'"), error.description)
        }
        try project.write("rerank-site.yml", "title: [unclosed\n")
        if let error = await project.buildError("bad YAML") {
            XCTAssertTrue(error.description.contains("rerank-site.yml:"), error.description)
            XCTAssertEqual(error.kind, .badInput)
        }
    }

    func testScorerFlagSelectsScorersAndRejectsUnknown() async throws {
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }
        let report = try await project.build(scorers: ["bm25"])
        XCTAssertEqual(report.pairs, 9)
        let json = try project.text("data/results.json")
        XCTAssertFalse(json.contains("\"original\""))
        do { _ = try await project.build(scorers: ["nope"]); XCTFail("unknown scorer") } catch let error as BuildError {
            XCTAssertTrue(error.description.contains("--scorer nope"), error.description)
        }
    }

    func testRewritesAreFusedAndInstructionsKept() async throws {
        let project = try TestProject(config: baselineConfig + "\nfusion: rrf\n", cases: twoCases)
        defer { project.remove() }
        _ = try await project.build()
        let results = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8))
        let text = String(describing: results)
        XCTAssertTrue(text.contains("fused-rrf"), "the rewrite case has a fused ranking")
        let page = try project.text("cases/shop/battery.html")
        XCTAssertTrue(page.contains("Prefer the cheapest listing"))
    }

    func testScorerInstructionReplacesTheCasesInstructions() async throws {
        let project = try TestProject(config: "scorers:\n  - id: b\n    kind: bm25\n    instruction: Judge by price only\n", cases: twoCases)
        defer { project.remove() }
        _ = try await project.build()
        struct Results: Decodable {
            struct Case: Decodable { var rankings: [Ranking] }
            struct Ranking: Decodable { var instruction: String }
            var cases: [Case]
        }
        let results = try JSONDecoder().decode(Results.self, from: Data(try project.text("data/results.json").utf8))
        let instructions = Set(results.cases.flatMap { $0.rankings.map(\.instruction) })
        XCTAssertEqual(instructions, ["Judge by price only"])
    }

    func testInitCreatesAProjectThatBuilds() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rerank-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try ProjectInit.create(at: dir)
        XCTAssertTrue(written.contains("rerank-site.yml"))
        // No copy of the theme: the built-in one is used until a template is ejected.
        XCTAssertFalse(written.contains { $0.hasPrefix("templates/") }, "\(written)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("templates").path))
        XCTAssertThrowsError(try ProjectInit.create(at: dir), "init refuses to overwrite a project")
        let report = try await SiteBuilder.build(BuildOptions(workingDirectory: dir), log: BuildLog(isTerminal: false))
        XCTAssertEqual(report.cases, 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("site/index.html").path))
    }
}
