import Foundation
import XCTest
@testable import RerankSite

/// A rebuild links the files the old site holds byte for byte, and writes every other one; the
/// old site is only read, and nothing but a plain file of ours with the same bytes is linked.
final class UnchangedFilesTests: XCTestCase {
    private var root: URL!
    private var site: URL { root.appendingPathComponent("site") }

    override func setUpWithError() throws { root = try temporaryFolder("unchanged") }

    private func info(_ path: String) throws -> stat {
        var s = stat()
        guard lstat(site.appendingPathComponent(path).path, &s) == 0 else { throw CocoaError(.fileNoSuchFile) }
        return s
    }

    private func text(_ path: String) -> String? {
        try? String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
    }

    func testARebuildKeepsUnchangedFilesAndWritesChangedOnes() throws {
        try SiteWriter.write(["index.html": Array("same".utf8), "cases/a.html": Array("one".utf8),
                              "cases/b.html": Array("bee".utf8)], to: site)
        let index = try info("index.html"), a = try info("cases/a.html"), b = try info("cases/b.html")
        try SiteWriter.write(["index.html": Array("same".utf8), "cases/a.html": Array("two".utf8),
                              "cases/b.html": Array("bees".utf8)], to: site)
        XCTAssertEqual(try info("index.html").st_ino, index.st_ino, "the unchanged file was written again")
        XCTAssertEqual(try info("index.html").st_nlink, 1, "the old site still holds a link")
        XCTAssertEqual(text("index.html"), "same")
        XCTAssertEqual(text("cases/a.html"), "two")
        XCTAssertEqual(text("cases/b.html"), "bees")
        XCTAssertNotEqual(try info("cases/a.html").st_ino, a.st_ino)
        XCTAssertNotEqual(try info("cases/b.html").st_ino, b.st_ino)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["site"])
    }

    func testAFileLinkedElsewhereOrWithAnotherModeIsWrittenAfresh() throws {
        try SiteWriter.write(["shared.html": Array("s".utf8), "private.html": Array("p".utf8)], to: site)
        let outside = root.appendingPathComponent("backup.html")
        XCTAssertEqual(link(site.appendingPathComponent("shared.html").path, outside.path), 0)
        XCTAssertEqual(chmod(site.appendingPathComponent("private.html").path, 0o600), 0)
        let shared = try info("shared.html"), priv = try info("private.html")
        try SiteWriter.write(["shared.html": Array("s".utf8), "private.html": Array("p".utf8)], to: site)
        XCTAssertNotEqual(try info("shared.html").st_ino, shared.st_ino, "a file with another link was shared")
        XCTAssertNotEqual(try info("private.html").st_ino, priv.st_ino, "a file of another mode was kept")
        XCTAssertNotEqual(try info("private.html").st_mode & 0o777, 0o600)
        XCTAssertEqual(try String(contentsOf: outside, encoding: .utf8), "s", "the outside link was touched")
    }

    func testOnlyAPlainFileWithTheSameBytesIsLinked() throws {
        let fm = FileManager.default
        let old = root.appendingPathComponent("old"), new = root.appendingPathComponent("new")
        try fm.createDirectory(at: old, withIntermediateDirectories: true)
        try fm.createDirectory(at: new, withIntermediateDirectories: true)
        try Data("bytes".utf8).write(to: old.appendingPathComponent("file.html"))
        try Data("bytes".utf8).write(to: root.appendingPathComponent("target.html"))
        try fm.createSymbolicLink(atPath: old.appendingPathComponent("link.html").path, withDestinationPath: root.appendingPathComponent("target.html").path)
        var made = stat()
        XCTAssertEqual(stat(old.appendingPathComponent("file.html").path, &made), 0)
        let files = UnchangedFiles(oldSite: old, mode: made.st_mode & 0o7777)
        let bytes = Array("bytes".utf8)
        XCTAssertFalse(files.link("link.html", bytes: bytes, to: new.appendingPathComponent("link.html")), "a symlink was linked")
        XCTAssertFalse(files.link("file.html", bytes: Array("bytez".utf8), to: new.appendingPathComponent("a.html")), "other bytes")
        XCTAssertFalse(files.link("file.html", bytes: Array("byte".utf8), to: new.appendingPathComponent("b.html")), "a prefix")
        XCTAssertFalse(files.link("missing.html", bytes: bytes, to: new.appendingPathComponent("c.html")))
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: new.path), [], "a failed link left something")
        XCTAssertTrue(files.link("file.html", bytes: bytes, to: new.appendingPathComponent("file.html")))
        XCTAssertEqual(try String(contentsOf: new.appendingPathComponent("file.html"), encoding: .utf8), "bytes")
    }
}
