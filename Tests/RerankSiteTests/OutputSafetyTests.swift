import Foundation
import XCTest
@testable import RerankSite

final class OutputSafetyTests: XCTestCase {
    private var root: URL!
    private var project: URL { root.appendingPathComponent("project") }

    override func setUpWithError() throws {
        root = URL(fileURLWithPath: RealPath.resolve(FileManager.default.temporaryDirectory.path))
            .appendingPathComponent("output-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("inputs"), withIntermediateDirectories: true)
        try Data("scorers: [bm25]\n".utf8).write(to: project.appendingPathComponent("rerank-site.yml"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    private func places(output: String, cache: String = ".rerank-site/cache.sqlite", home: String? = nil) -> OutputSafety.Places {
        OutputSafety.Places(output: project.appendingPathComponent(output), cache: project.appendingPathComponent(cache),
                            input: project.appendingPathComponent("inputs"),
                            configFile: project.appendingPathComponent("rerank-site.yml"),
                            templates: project.appendingPathComponent("templates"), projectRoot: project, home: home)
    }

    private func problems(_ places: OutputSafety.Places) -> [String] {
        do { _ = try OutputSafety.check(places); return [] } catch let error as BuildError {
            XCTAssertEqual(error.step, "output")
            return error.messages
        } catch { XCTFail("\(error)"); return [] }
    }

    func testRealPathResolvesLinksAndDots() throws {
        try FileManager.default.createSymbolicLink(atPath: project.appendingPathComponent("out").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: project.appendingPathComponent("up").path, withDestinationPath: "inputs/..")
        XCTAssertEqual(RealPath.resolve(project.path + "/out"), project.path)
        XCTAssertEqual(RealPath.resolve(project.path + "/out/out/inputs/../site"), project.path + "/site")
        XCTAssertEqual(RealPath.resolve(project.path + "/up/missing/x"), project.path + "/missing/x")
        XCTAssertEqual(RealPath.resolve("/"), "/")
        XCTAssertEqual(RealPath.resolve("/.."), "/")
        XCTAssertTrue(RealPath.isSameOrInside("/a/b", "/a"))
        XCTAssertFalse(RealPath.isSameOrInside("/ab", "/a"), "a sibling with a longer name is not inside")
    }

    func testTheUsualLayoutPasses() {
        XCTAssertEqual(problems(places(output: "site")), [])
        XCTAssertEqual(problems(places(output: "../elsewhere/site")), [])
    }

    func testEveryPlaceTheUserKeepsIsRefused() {
        let cases: [(String, String)] = [
            (".", "is the project folder"), ("", "is the project folder"), ("..", "contains the project folder"),
            ("inputs", "is the input folder"), ("inputs/site", "lies inside the input folder"),
            ("templates", "is the templates folder"), ("rerank-site.yml", "is the configuration file"),
            (".rerank-site", "lies inside the output folder"),
        ]
        for (output, expected) in cases {
            let found = problems(places(output: output))
            XCTAssertTrue(found.contains { $0.contains(expected) }, "--output '\(output)': \(found)")
        }
        var top = places(output: "site")
        top.output = URL(fileURLWithPath: "/")
        XCTAssertTrue(problems(top).contains { $0.contains("output / is the root folder") })
        let home = problems(places(output: "../home", home: root.appendingPathComponent("home").path))
        XCTAssertTrue(home.contains { $0.contains("is your home folder") }, "\(home)")
        let cache = problems(places(output: "site", cache: "site/cache.sqlite"))
        XCTAssertTrue(cache.contains { $0.contains("lies inside the output folder") }, "\(cache)")
    }

    func testOutputThroughALinkToTheProjectIsTheProject() throws {
        try FileManager.default.createSymbolicLink(atPath: project.appendingPathComponent("out").path, withDestinationPath: ".")
        let found = problems(places(output: "out"))
        XCTAssertTrue(found.contains { $0.contains("is the project folder") }, "\(found)")
    }

    func testOutputThroughALinkElsewhereIsWrittenAtItsTarget() throws {
        let elsewhere = root.appendingPathComponent("published")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: project.appendingPathComponent("site").path,
                                                   withDestinationPath: elsewhere.path)
        XCTAssertEqual(try OutputSafety.check(places(output: "site")).path, elsewhere.path)
    }

    func testAllProblemsAreReportedAtOnce() throws {
        let found = problems(places(output: "inputs/site", cache: "rerank-site.yml"))
        XCTAssertEqual(found.count, 2, "\(found)")
        XCTAssertTrue(found.contains { $0.contains("lies inside the input folder") }, "\(found)")
        XCTAssertTrue(found.contains { $0.contains("not an SQLite database") }, "\(found)")
    }

    func testContentAndCacheProblemsTogether() throws {
        try FileManager.default.createDirectory(at: project.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("notes".utf8).write(to: project.appendingPathComponent("docs/notes.txt"))
        let found = problems(places(output: "docs", cache: "rerank-site.yml"))
        XCTAssertEqual(found.count, 2, "\(found)")
        XCTAssertTrue(found.contains { $0.contains("docs holds files rerank-site did not write (notes.txt)") }, "\(found)")
        XCTAssertTrue(found.contains { $0.contains("not an SQLite database") }, "\(found)")
        // Where the output holds the project, the places inside the project are not listed again.
        XCTAssertEqual(problems(places(output: "..")).count, 1)
    }

    func testSiteWithMarkerAndOnlyItsFilesMayBeReplacedAnythingElseNot() throws {
        let site = project.appendingPathComponent("site")
        try SiteWriter.write(["index.html": Array("one".utf8), "cases/a.html": Array("a".utf8)], to: site)
        XCTAssertEqual(OutputSafety.foreignEntries(in: site.path), [])
        try Data("mine".utf8).write(to: site.appendingPathComponent("cases/notes.txt"))
        try FileManager.default.createDirectory(at: site.appendingPathComponent("drafts"), withIntermediateDirectories: true)
        XCTAssertEqual(OutputSafety.foreignEntries(in: site.path), ["cases/notes.txt", "drafts/"])
        let found = problems(places(output: "site"))
        XCTAssertTrue(found.contains { $0.contains("holds files the last build did not write (cases/notes.txt, drafts/)") },
                      "\(found)")
        // A build refuses at the swap too, and keeps the user's file.
        XCTAssertThrowsError(try SiteWriter.write(["index.html": Array("two".utf8)], to: site))
        XCTAssertEqual(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8), "one")
        XCTAssertEqual(try String(contentsOf: site.appendingPathComponent("cases/notes.txt"), encoding: .utf8), "mine")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: project.path).filter { $0.hasPrefix(".site") }, [])
    }

    func testMarkerListsTheSiteAndIsDeterministic() {
        let bytes = SiteMarker.contents(listing: ["b.html", "a/x.html"])
        XCTAssertEqual(bytes, SiteMarker.contents(listing: ["a/x.html", "b.html"]))
        XCTAssertEqual(SiteMarker.listedPaths(bytes), ["a/x.html", "b.html"])
        XCTAssertNil(SiteMarker.listedPaths(Array("index.html\n".utf8)), "a file that is not our marker")
    }

    func testBuildRefusesBeforeAnyWork() async throws {
        let test = try TestProject(config: baselineConfig, cases: twoCases)
        defer { test.remove() }
        try test.write("docs/index.md", "# mine\n")
        var options = BuildOptions(workingDirectory: test.root)
        options.output = test.root.appendingPathComponent("docs").path
        do {
            _ = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false))
            XCTFail("built into the user's docs/")
        } catch let error as BuildError {
            XCTAssertEqual(error.step, "output")
            XCTAssertTrue(error.description.contains("docs holds files rerank-site did not write (index.md)"), error.description)
        }
        XCTAssertEqual(try String(contentsOf: test.root.appendingPathComponent("docs/index.md"), encoding: .utf8), "# mine\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: test.root.appendingPathComponent(".rerank-site").path),
                       "the cache was created before the output was checked")
    }
}
