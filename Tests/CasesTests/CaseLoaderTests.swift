import Cases
import Checksum
import Foundation
import RerankCore
import XCTest

final class CaseLoaderTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("cases-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: folder)
    }

    private func write(_ path: String, _ text: String) throws {
        try write(path, Array(text.utf8))
    }

    private func write(_ path: String, _ bytes: [UInt8]) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    private func loadProblems(includeDrafts: Bool = false) -> [CaseProblem] {
        do {
            let cases = try CaseLoader.load(inputDirectory: folder, includeDrafts: includeDrafts)
            XCTFail("expected problems, loaded \(cases.map(\.path))")
            return []
        } catch let problems as CaseProblems {
            return problems.problems
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    /// `read` keeps what is usable beside the problems, so a build can check run files and a seed
    /// history against the cases in the same report.
    func testReadKeepsTheGoodCasesBesideTheProblemsAndNamesTheFilesWithProblems() throws {
        try write("a.md", minimalBody)
        try write("Shop/Broken Case.md", minimalBody.replacingOccurrences(of: "{rel=", with: "{rel=x"))
        try write("c.md", minimalBody)
        try write("d/c.md", minimalBody)
        try write("D/C.md", minimalBody)  // the same slug as d/c.md
        let reading = CaseLoader.read(inputDirectory: folder, includeDrafts: false)
        XCTAssertTrue(reading.folderRead)
        XCTAssertEqual(reading.cases.map(\.path), ["a.md", "c.md"])
        XCTAssertEqual(Set(reading.failedPaths), ["Shop/Broken Case.md", "d/c.md", "D/C.md"])
        XCTAssertEqual(reading.problems, loadProblems(), "the same problems as load")
        XCTAssertEqual(CaseLoader.slug(ofPath: "Shop/Broken Case.md"), "shop/broken-case")

        let missing = CaseLoader.read(inputDirectory: folder.appendingPathComponent("nope"), includeDrafts: false)
        XCTAssertFalse(missing.folderRead)
        XCTAssertEqual(missing.problems.map(\.field), ["input"])
    }

    func testLoadsSubFoldersSortedAndSkipsHiddenFilesAndReadmes() throws {
        try write("music/breakup.md", exampleCase)
        try write("b.md", minimalBody)
        try write("a/z/deep.md", minimalBody)
        try write("README.md", "# About these cases\n")
        try write("music/readme.md", "not a case")
        try write(".hidden.md", "not a case")
        try write(".git/x.md", "not a case")
        try write("notes.txt", "not a case")

        XCTAssertEqual(try CaseLoader.caseFilePaths(in: folder), ["a/z/deep.md", "b.md", "music/breakup.md"])
        let cases = try CaseLoader.load(inputDirectory: folder, includeDrafts: false)
        XCTAssertEqual(cases.map(\.slug), ["a/z/deep", "b", "music/breakup"])
        XCTAssertEqual(cases.map(\.section), [["a", "z"], [], ["music"]])
        XCTAssertEqual(cases[2].sourceHash, SHA256.hex(Array(exampleCase.utf8)))
        XCTAssertEqual(cases[2].candidates.count, 3)
    }

    func testDraftsAreSkippedUnlessIncludedAndTheirProblemsToo() throws {
        try write("done.md", minimalBody)
        try write("wip.md", "---\ndraft: true\n---\n" + minimalBody)
        try write("broken-wip.md", "---\ndraft: true\n---\n## Query\n\nunfinished\n")

        XCTAssertEqual(try CaseLoader.load(inputDirectory: folder, includeDrafts: false).map(\.path), ["done.md"])
        let found = loadProblems(includeDrafts: true)
        assertOneProblem(found, line: 1, column: 1, field: "candidates", containing: "no Candidates section",
                         path: "broken-wip.md")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("broken-wip.md"))
        let all = try CaseLoader.load(inputDirectory: folder, includeDrafts: true)
        XCTAssertEqual(all.map(\.path), ["done.md", "wip.md"])
        XCTAssertEqual(all.map(\.draft), [false, true])
    }

    func testCollectsEveryFilesProblemsInOneRunSorted() throws {
        try write("ok.md", minimalBody)
        try write("z/second.md", "## Query\n\nq\n\n## Candidates\n\n- a {rel=x}\n")
        try write("first.md", "---\nfoo: 1\n---\n## Query\n\nq\n")
        try write("latin1.md", [0x23, 0x20, 0xE9, 0x0A])

        let found = loadProblems()
        XCTAssertEqual(found.map(\.description), [
            "first.md:1:1: candidates: no Candidates section: add a '## Candidates' heading followed by a list of the "
                + "candidates in first-stage order",
            "first.md:2:1: front matter: unknown front-matter key 'foo'; known keys: title, tags, instruction, "
                + "instructions, draft, slope, imported, missed_relevant",
            "latin1.md:1:3: file: not UTF-8: invalid byte 0xE9 at byte offset 2; save the file as UTF-8",
            "z/second.md:7:5: candidates: malformed label '{rel=x}': expected {rel=N} with an integer N ≥ 0",
        ])
    }

    func testDuplicateSlugsAreReportedForBothFiles() throws {
        try write("music/Breakup.md", minimalBody)
        try write("music/breakup.md", minimalBody)
        let found = loadProblems()
        XCTAssertEqual(found.map(\.location.file), ["music/Breakup.md", "music/breakup.md"])
        XCTAssertEqual(Set(found.map(\.field)), ["slug"])
        XCTAssertTrue(found[0].message.contains("duplicate slug 'music/breakup', also the slug of 'music/breakup.md'"), found[0].message)
        XCTAssertEqual(found[0].description.hasPrefix("music/Breakup.md: slug: "), true, found[0].description)
    }

    func testEmptyFolderAndMissingFolder() throws {
        try write("README.md", "# Nothing here\n")
        let empty = loadProblems()
        assertOneProblem(empty, line: 0, column: 0, field: "input", containing: "no case files", path: folder.path)

        let missing = folder.appendingPathComponent("nope")
        XCTAssertThrowsError(try CaseLoader.load(inputDirectory: missing, includeDrafts: false)) { error in
            let problems = (error as? CaseProblems)?.problems ?? []
            assertOneProblem(problems, line: 0, column: 0, field: "input", containing: "no such folder", path: missing.path)
        }
    }

    func testCaseSetIsPureAndSortsByPath() throws {
        let cases = try CaseSet.parse([
            CaseSource(path: "b.md", bytes: Array(minimalBody.utf8)),
            CaseSource(path: "a.md", bytes: Array(minimalBody.utf8)),
        ], includeDrafts: false).get()
        XCTAssertEqual(cases.map(\.path), ["a.md", "b.md"])
    }
}
