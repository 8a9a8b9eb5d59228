import Foundation
import XCTest
@testable import Preview
import RerankSite

/// The preview answers only files of its site folder; pages get the reload script, other files not.
final class PreviewResponderTests: XCTestCase {
    func testOnlyFilesInsideTheSiteAreServed() async throws {
        let project = try PreviewProject()
        defer { project.remove() }
        let session = try PreviewSession(options: BuildOptions(workingDirectory: project.root), log: BuildLog(isTerminal: false))
        defer { session.close() }
        let responder = PreviewResponder(session: session)
        let waiting = responder.respond(to: "/")
        XCTAssertEqual(waiting.status, 503, "before the first build ends")
        XCTAssertTrue(String(decoding: waiting.body, as: UTF8.self).contains("The first build is running"))

        let built = await session.build(reason: "test")
        XCTAssertTrue(built)
        try Data("<html><body>case</body></html>".utf8).write(to: session.siteFolder.appendingPathComponent("cases/a b.html"))
        try Data("body{}".utf8).write(to: session.siteFolder.appendingPathComponent("style.css"))
        try Data("secret".utf8).write(to: session.privateFolder.appendingPathComponent("secret.txt"))

        XCTAssertEqual(responder.respond(to: "/").status, 200)
        XCTAssertTrue(String(decoding: responder.respond(to: "/?x=1").body, as: UTF8.self).contains("<script>"))
        XCTAssertEqual(responder.respond(to: "/cases/a%20b.html").status, 200)
        let css = responder.respond(to: "/style.css")
        XCTAssertEqual(css.contentType, "text/css; charset=utf-8")
        XCTAssertEqual(css.body, Array("body{}".utf8), "only pages get the script")
        for path in ["/../secret.txt", "/..%2Fsecret.txt", "/cases/../../secret.txt", "/%2e%2e/secret.txt", "secret.txt"] {
            let answer = responder.respond(to: path)
            XCTAssertEqual(answer.status, 404, path)
            XCTAssertFalse(String(decoding: answer.body, as: UTF8.self).contains("secret\n"), path)
        }
        XCTAssertEqual(String(decoding: responder.respond(to: LiveReload.versionPath).body, as: UTF8.self), "1")
    }

    func testSnapshotsSeeRewritesAndIgnoreHiddenFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.md")
        try Data("one".utf8).write(to: file)
        let first = WatchedFiles.snapshot([folder])
        XCTAssertEqual(WatchedFiles.snapshot([folder]), first, "nothing changed, nothing differs")

        try Data("x".utf8).write(to: folder.appendingPathComponent(".a.md.swp"))
        XCTAssertEqual(WatchedFiles.snapshot([folder]), first, "hidden files (editor swap files) are not watched")

        // The same size, written again at once: the nanosecond times or the inode still differ.
        try Data("two".utf8).write(to: file)
        let second = WatchedFiles.snapshot([folder])
        XCTAssertNotEqual(second, first)
        XCTAssertEqual(second.changes(since: first), [file.standardizedFileURL.path])

        try FileManager.default.removeItem(at: file)
        XCTAssertEqual(WatchedFiles.snapshot([folder]).changes(since: second), [file.standardizedFileURL.path])
    }
}
