import Foundation
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import Preview
import RerankSite

/// `rerank-site serve` over loopback: the served page follows the case file, a failed build shows
/// its errors (escaped) instead of the stale page, and the configured output folder is never written.
final class PreviewServerTests: XCTestCase {
    func testAChangedCaseFileShowsUpInTheServedPage() async throws {
        let project = try PreviewProject()
        defer { project.remove() }
        let session = try PreviewSession(options: BuildOptions(workingDirectory: project.root),
                                         log: BuildLog(isTerminal: false), pollInterval: 0.05)
        let server = PreviewServer(session: session, port: 0)
        let port = try await server.start()
        let privateFolder = session.privateFolder

        let first = try await get(port, "/cases/phones.html")
        XCTAssertEqual(first.status, 200)
        XCTAssertTrue(first.body.contains("Rugged smartphone"), first.body)
        XCTAssertTrue(first.body.contains(LiveReload.versionPath), "the preview page carries the reload script")
        let version = try await get(port, LiveReload.versionPath).body

        // Edit a candidate: the page served next is the rebuilt one, under a new generation.
        try project.write("inputs/phones.md", PreviewProject.phones.replacingOccurrences(of: "Rugged smartphone", with: "Sturdy handset"))
        try await waitForGeneration(port, after: version)
        let second = try await get(port, "/cases/phones.html")
        XCTAssertTrue(second.body.contains("Sturdy handset"), second.body)
        XCTAssertFalse(second.body.contains("Rugged smartphone"))

        // A broken case file: every page is the error page, escaped, until it is fixed.
        let beforeBreak = try await get(port, LiveReload.versionPath).body
        try project.write("inputs/phones.md", PreviewProject.phones.replacingOccurrences(of: "{rel=3}", with: "{rel=<b>x</b>}"))
        try await waitForGeneration(port, after: beforeBreak)
        let broken = try await get(port, "/cases/phones.html")
        XCTAssertEqual(broken.status, 500)
        XCTAssertTrue(broken.body.contains("The build failed"), broken.body)
        XCTAssertTrue(broken.body.contains("phones.md:"), broken.body)
        XCTAssertTrue(broken.body.contains("{rel=&lt;b&gt;x&lt;/b&gt;}"), broken.body)
        XCTAssertFalse(broken.body.contains("<b>x</b>"))
        XCTAssertTrue(broken.body.contains(LiveReload.versionPath))

        let beforeFix = try await get(port, LiveReload.versionPath).body
        try project.write("inputs/phones.md", PreviewProject.phones)
        try await waitForGeneration(port, after: beforeFix)
        let fixed = try await get(port, "/cases/phones.html")
        XCTAssertEqual(fixed.status, 200)
        XCTAssertTrue(fixed.body.contains("Rugged smartphone"))

        // Assets come without the script; paths outside the site are not served.
        let css = try await get(port, "/assets/style.css")
        XCTAssertEqual(css.status, 200)
        XCTAssertFalse(css.body.contains("<script"))
        let escape = try await get(port, "/../rerank-site.yml")
        XCTAssertEqual(escape.status, 404)

        await server.stop()
        XCTAssertFalse(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("site").path),
                       "serve never writes the configured output folder")
        XCTAssertFalse(FileManager.default.fileExists(atPath: privateFolder.path), "the private folder is removed on stop")
        // The site on disk (what a build publishes) has no script at all.
    }

    func testAFailedFirstBuildIsServedAndConfigAndTemplatesAreWatched() async throws {
        let project = try PreviewProject()
        defer { project.remove() }
        try project.write("rerank-site.yml", "title: Preview test\nscorers:\n  - original\ncolour: red\n")
        let session = try PreviewSession(options: BuildOptions(workingDirectory: project.root),
                                         log: BuildLog(isTerminal: false), pollInterval: 0.05)
        let server = PreviewServer(session: session, port: 0)
        let port = try await server.start()

        let broken = try await get(port, "/")
        XCTAssertEqual(broken.status, 500)
        XCTAssertTrue(broken.body.contains("rerank-site.yml:4:1: colour: unknown setting"), broken.body)

        var version = try await get(port, LiveReload.versionPath).body
        try project.write("rerank-site.yml", "title: Preview test\nscorers:\n  - original\n")
        try await waitForGeneration(port, after: version)
        let fixed = try await get(port, "/")
        XCTAssertEqual(fixed.status, 200)

        // A template added to templates/ overrides the built-in one on the next build.
        version = try await get(port, LiveReload.versionPath).body
        try project.write("templates/case.mustache", "<p class=\"override\">{{title}}</p>\n")
        try await waitForGeneration(port, after: version)
        let page = try await get(port, "/cases/phones.html")
        XCTAssertTrue(page.body.contains("<p class=\"override\">Phone with a two-day battery</p>"), page.body)
        await server.stop()
    }

    func testAPortInUseIsSaidPlainlyAndLeavesNothingBehind() async throws {
        let project = try PreviewProject()
        defer { project.remove() }
        let options = BuildOptions(workingDirectory: project.root)
        let first = PreviewServer(session: try PreviewSession(options: options, log: BuildLog(isTerminal: false)), port: 0)
        let port = try await first.start()
        let session = try PreviewSession(options: options, log: BuildLog(isTerminal: false))
        do {
            try await PreviewServer(session: session, port: port).start()
            XCTFail("the port is taken")
        } catch let error as PreviewError {
            XCTAssertEqual(error.description, "serve: port \(port) on 127.0.0.1 is in use; choose another with --port (--port 0 takes any free one)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.privateFolder.path))
        await first.stop()
    }

    func testPublishedPagesCarryNoScript() async throws {
        let project = try PreviewProject()
        defer { project.remove() }
        _ = try await SiteBuilder.build(BuildOptions(workingDirectory: project.root), log: BuildLog(isTerminal: false))
        for name in ["index.html", "cases/phones.html"] {
            let page = try String(contentsOf: project.root.appendingPathComponent("site/" + name), encoding: .utf8)
            XCTAssertFalse(page.contains("<script"), name)
        }
    }

    func testInjectPutsTheScriptBeforeTheLastBodyEnd() {
        let page = LiveReload.inject(into: "<html><body><p>a</p></BODY></html>", generation: 7)
        XCTAssertTrue(page.hasPrefix("<html><body><p>a</p><script>"), page)
        XCTAssertTrue(page.hasSuffix("</script></BODY></html>"), page)
        XCTAssertTrue(page.contains("var v=\"7\""))
    }

    // MARK: helpers

    struct Reply { var status: Int; var body: String }

    func get(_ port: Int, _ path: String) async throws -> Reply {
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await withCheckedThrowingContinuation { (done: CheckedContinuation<(Data, URLResponse), Error>) in
            URLSession.shared.dataTask(with: URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 30)) { data, response, error in
                if let data, let response { done.resume(returning: (data, response)) } else { done.resume(throwing: error ?? URLError(.badServerResponse)) }
            }.resume()
        }
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self))
    }

    /// Waits until the served generation is no longer `old` (the watcher saw the change and rebuilt).
    func waitForGeneration(_ port: Int, after old: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if try await get(port, LiveReload.versionPath).body != old { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTFail("no rebuild within 60 s", file: file, line: line)
    }
}

/// A small project in a temporary folder.
struct PreviewProject {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("rerank-preview-test-\(UUID().uuidString)")
        try write("rerank-site.yml", "title: Preview test\nscorers:\n  - original\n  - bm25\n")
        try write("inputs/phones.md", Self.phones)
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    static let phones = """
    # Phone with a two-day battery

    ## Query

    phone with a battery that lasts two days

    ## Candidates

    1. Phone case with built-in battery {rel=0}
    2. Rugged smartphone, 6,000 mAh battery, up to 2 days per charge {rel=3}
    3. Budget phone, 5,000 mAh, 48 hours of mixed use {rel=2}

    """
}
