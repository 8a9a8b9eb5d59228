import Foundation
import XCTest
@testable import RerankSite

final class SiteWriterTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws { root = try temporaryFolder("site-writer") }

    private func read(_ path: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func testRewriteReplacesTheWholeSiteAndLeavesNothingBeside() throws {
        let site = root.appendingPathComponent("site")
        try SiteWriter.write(["index.html": Array("one".utf8), "old.html": Array("gone".utf8)], to: site)
        try SiteWriter.write(["index.html": Array("two".utf8), "cases/a.html": Array("a".utf8)], to: site)
        XCTAssertEqual(read("site/index.html"), "two")
        XCTAssertEqual(read("site/cases/a.html"), "a")
        XCTAssertNil(read("site/old.html"), "a file of the previous site survived")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["site"],
                       "staging or retired folders were left beside the site")
    }

    func testExchangeSwapsTwoFoldersInOneStep() throws {
        let fm = FileManager.default
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try fm.createDirectory(at: a, withIntermediateDirectories: true)
        try fm.createDirectory(at: b, withIntermediateDirectories: true)
        try Data("A".utf8).write(to: a.appendingPathComponent("mark"))
        try Data("B".utf8).write(to: b.appendingPathComponent("mark"))
        #if os(Linux)
        XCTAssertTrue(SiteWriter.exchangePaths(a, b))
        XCTAssertEqual(read("a/mark"), "B")
        XCTAssertEqual(read("b/mark"), "A")
        #endif
    }

    func testExchangeWithAMissingPathMovesNothing() throws {
        let a = root.appendingPathComponent("a")
        try FileManager.default.createDirectory(at: a, withIntermediateDirectories: true)
        try Data("A".utf8).write(to: a.appendingPathComponent("mark"))
        XCTAssertFalse(SiteWriter.exchangePaths(a, root.appendingPathComponent("missing")))
        XCTAssertEqual(read("a/mark"), "A")
    }

    func testAFolderOfTheUsersAtOurStagingNameIsNeverRemoved() throws {
        let site = root.appendingPathComponent("site")
        let staging = StagingFolders.newSite(for: site)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: staging.appendingPathComponent("notes.txt"))
        XCTAssertThrowsError(try SiteWriter.write(["index.html": Array("new".utf8)], to: site)) { error in
            XCTAssertTrue("\(error)".contains("was not written by rerank-site"), "\(error)")
        }
        XCTAssertEqual(read(staging.lastPathComponent + "/notes.txt"), "mine")
        XCTAssertNil(read("site/index.html"))
    }

    func testTheSiteCarriesAMarkerListingItsFiles() throws {
        let site = root.appendingPathComponent("site")
        try SiteWriter.write(["index.html": Array("one".utf8), "cases/a.html": Array("a".utf8)], to: site)
        let marker = try Data(contentsOf: site.appendingPathComponent(SiteMarker.fileName))
        XCTAssertEqual(SiteMarker.listedPaths(Array(marker)), ["index.html", "cases/a.html"])
    }
}
