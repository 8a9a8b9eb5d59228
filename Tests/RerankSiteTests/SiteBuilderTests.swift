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
        do {
            _ = try await project.build()
            XCTFail("a broken case must fail the build")
        } catch let error as BuildError {
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

    func testConfigProblemsNameFileLineAndKey() async throws {
        let project = try TestProject(config: "title: x\nfusoin: max\nscorers:\n  - id: bm25\n    kind: bm25\n    k3: 2\n", cases: twoCases)
        defer { project.remove() }
        do { _ = try await project.build(); XCTFail("unknown key") } catch let error as BuildError {
            XCTAssertTrue(error.description.contains("rerank-site.yml:2:1: fusoin: unknown setting 'fusoin'"), error.description)
        }
        try project.write("rerank-site.yml", "scorers:\n  - id: bm25\n    kind: bm25\n    k3: 2\n")
        do { _ = try await project.build(); XCTFail("unknown option") } catch let error as BuildError {
            XCTAssertTrue(error.description.contains("rerank-site.yml:4:9: scorers.k3: unknown option 'k3'"), error.description)
        }
        try project.write("rerank-site.yml", "scorers:\n  - id: x\n    kind: magic\n")
        do { _ = try await project.build(); XCTFail("unknown kind") } catch let error as BuildError {
            XCTAssertTrue(error.description.contains("unknown scorer kind 'magic'"), error.description)
        }
        try project.write("rerank-site.yml", "scorers: [original, original]\n")
        do { _ = try await project.build(); XCTFail("duplicate id") } catch let error as BuildError {
            XCTAssertTrue(error.description.contains("duplicate scorer id 'original'"), error.description)
        }
        try project.write("rerank-site.yml", "title: [unclosed\n")
        do { _ = try await project.build(); XCTFail("bad YAML") } catch let error as BuildError {
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
