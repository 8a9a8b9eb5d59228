import APIServer
import Foundation
import XCTest

/// An `http` scorer's endpoint with a token in its query string and a password in its userinfo,
/// built by the real binary against `serve-api` on loopback: the secret reaches no file of the
/// site (pages, data/*.json, csv, run files, history, check.json), no step summary, no cache
/// listing, and nothing on stderr, also when the server cannot be reached.
final class EndpointSecretBuildTests: XCTestCase {
    static let secret = "SECRET123"

    func testNoSecretOfTheEndpointIsPublishedOrPrinted() async throws {
        let server = APIServer(engine: FakeEngine(modelName: "fake-reranker", mode: .ignoresInstruction),
                               config: APIServerConfig(port: 0), log: { _ in })
        let port = try await server.start()
        let project = try TestProject(config: Self.config(port: port), cases: twoCases)
        defer { project.remove() }
        let build: ProcessResult, rebuild: ProcessResult, stats: ProcessResult
        do {
            build = try Self.run(["build", "--check", "--summary", "summary.md"], in: project.root)
            // A second build from the cache: the history is read back and the site rewritten.
            rebuild = try Self.run(["build", "--check", "--summary", "summary.md"], in: project.root)
            stats = try Self.run(["cache", "stats"], in: project.root)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertEqual(rebuild.status, 0, rebuild.stderr)
        XCTAssertEqual(stats.status, 0, stats.stderr)

        let files = try project.siteFiles()
        for name in ["index.html", "data/results.json", "data/results.csv", "data/remote.run", "data/history.json", "data/check.json"] {
            XCTAssertNotNil(files[name], "the build wrote \(name)")
        }
        let summary = try String(contentsOf: project.root.appendingPathComponent("summary.md"), encoding: .utf8)
        var written = files.map { ("site/" + $0.key, String(decoding: $0.value, as: UTF8.self)) }
        written += [("summary.md", summary)]
        for run in [build, rebuild, stats] { written += [("stdout", run.stdout), ("stderr", run.stderr)] }
        for (name, text) in written {
            XCTAssertFalse(text.contains(Self.secret), "\(name) holds the secret")
            XCTAssertFalse(text.contains("ann:"), "\(name) holds the userinfo")
        }
        // What is shown instead: the host on the card, the path in the fingerprint, the query as a digest.
        let index = try project.text("index.html")
        XCTAssertTrue(index.contains("<dt>Server</dt><dd dir=\"auto\">127.0.0.1:\(port)</dd>"))
        XCTAssertTrue(index.contains("endpoint=http://127.0.0.1:\(port)/v1/rerank query=sha256:"), "the reproduction table")
        XCTAssertTrue(stats.stdout.contains("query=sha256:"), stats.stdout)

        // Nothing listens on port 9: the build fails, and says so without the secret.
        try project.write("rerank-site.yml", Self.config(port: 9))
        let failed = try Self.run(["build"], in: project.root)
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stderr.contains("http://127.0.0.1:9/v1/rerank failed after"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("the connection was refused"), failed.stderr)
        XCTAssertFalse(failed.stderr.contains(Self.secret), failed.stderr)
        XCTAssertFalse(failed.stderr.contains("URLError"), failed.stderr)
    }

    static func config(port: Int) -> String {
        """
        title: Secrets stay home
        gates:
          - { scorer: remote, metric: mrr, min: 0 }
        scorers:
          - original
          - id: remote
            kind: http
            endpoint: http://ann:\(secret)@127.0.0.1:\(port)/v1/rerank?token=\(secret)
            model: fake-reranker
            retries: 0
            timeout: 10
        """
    }

    /// The real binary, its stdout and stderr kept; GITHUB_STEP_SUMMARY unset, so only --summary is written.
    static func run(_ arguments: [String], in directory: URL) throws -> ProcessResult {
        try runProcess(BuildProcess.binary(), arguments, in: directory, without: ["GITHUB_STEP_SUMMARY"])
    }
}
