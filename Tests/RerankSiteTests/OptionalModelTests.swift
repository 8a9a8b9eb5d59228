import Foundation
import XCTest
import RerankCore
@testable import RerankSite

/// A build never downloads a model unless asked; a missing optional model is "not run" on the site
/// with the command that gets it (a warning, exit 0; an error under --strict); a missing required
/// model fails the build with that command; offline, the message names the ways around it.
final class OptionalModelTests: XCTestCase {
    /// An empty hub cache and an endpoint nothing listens on: any download attempt would fail loudly.
    func environment(_ extra: [String: String] = [:], scratch: URL) -> [String: String] {
        ["HOME": scratch.path, "HF_HUB_CACHE": scratch.appendingPathComponent("hub").path,
         "HF_ENDPOINT": "http://127.0.0.1:9"].merging(extra) { _, new in new }
    }

    func project(optional: Bool) throws -> TestProject {
        try TestProject(config: baselineConfig + """

              - id: qwen3-0.6b
                kind: qwen3-reranker
                model: qwen3-reranker-0.6b
            \(optional ? "    optional: true\n" : "")
            """, cases: twoCases)
    }

    func build(_ project: TestProject, strict: Bool = false, pull: Bool = false, env: [String: String]) async throws -> BuildReport {
        var options = BuildOptions(workingDirectory: project.root)
        options.strict = strict
        options.pull = pull
        return try await SiteBuilder.build(options, log: BuildLog(isTerminal: false), environment: env)
    }

    func testMissingOptionalModelIsNotRunWithTheCommandThatGetsIt() async throws {
        let project = try project(optional: true)
        defer { project.remove() }
        let report = try await build(project, env: environment(scratch: project.root))
        XCTAssertEqual(report.warnings.count, 1, "\(report.warnings)")
        let warning = try XCTUnwrap(report.warnings.first)
        XCTAssertTrue(warning.contains("scorer qwen3-0.6b not run"), warning)
        XCTAssertTrue(warning.contains("`rerank-site models pull qwen3-reranker-0.6b`"), warning)
        XCTAssertTrue(warning.contains("downloads nothing unless asked"), warning)
        XCTAssertTrue(warning.contains("--pull"), warning)

        let index = try project.text("index.html")
        XCTAssertTrue(index.contains("id=\"not-run\""), index)
        XCTAssertTrue(index.contains("<code>rerank-site models pull qwen3-reranker-0.6b</code>"), index)
        XCTAssertFalse(index.contains("qwen3-0.6b</span><span class=\"kind\""), "no summary column for a scorer that did not run")
        XCTAssertFalse(index.contains(project.root.path), "the published page names no local path")
        let json = try project.text("data/results.json")
        XCTAssertTrue(json.contains("\"notRun\""), json)
        XCTAssertTrue(json.contains("rerank-site models pull qwen3-reranker-0.6b"))
        // Nothing was downloaded or even looked up.
        XCTAssertFalse(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("hub/models--Qwen--Qwen3-Reranker-0.6B").path))
    }

    func testStrictMakesAMissingOptionalModelAnError() async throws {
        let project = try project(optional: true)
        defer { project.remove() }
        do {
            _ = try await build(project, strict: true, env: environment(scratch: project.root))
            XCTFail("--strict must fail")
        } catch let error as BuildError {
            XCTAssertEqual(error.exitStatus, 1)
            XCTAssertTrue(error.description.contains("warning treated as error: scorer qwen3-0.6b not run"), error.description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("site").path))
    }

    func testMissingRequiredModelFailsWithTheCommand() async throws {
        let project = try project(optional: false)
        defer { project.remove() }
        do {
            _ = try await build(project, env: environment(scratch: project.root))
            XCTFail("a missing required model must fail the build")
        } catch let error as BuildError {
            XCTAssertEqual(error.exitStatus, 1)
            XCTAssertEqual(error.step, "model qwen3-0.6b")
            XCTAssertTrue(error.description.contains("rerank-site.yml:7:12: scorers.model: model qwen3-reranker-0.6b"), error.description)
            XCTAssertTrue(error.description.contains("`rerank-site models pull qwen3-reranker-0.6b`"), error.description)
        }
    }

    func testOfflineMessageNamesTheWaysAround() async throws {
        let project = try project(optional: true)
        defer { project.remove() }
        let report = try await build(project, pull: true, env: environment(["HF_HUB_OFFLINE": "1"], scratch: project.root))
        let warning = try XCTUnwrap(report.warnings.first)
        XCTAssertTrue(warning.contains("HF_HUB_OFFLINE is set"), warning)
        XCTAssertTrue(warning.contains("offline"), warning)
        XCTAssertTrue(warning.contains("HF_ENDPOINT"), warning)
        XCTAssertTrue(warning.contains("local folder"), warning)
    }

    func testPullWithTheHubUnreachableSaysOffline() async throws {
        let project = try project(optional: true)
        defer { project.remove() }
        var env = environment(scratch: project.root)
        env["HF_HUB_ETAG_TIMEOUT"] = "5"
        let report = try await build(project, pull: true, env: env)
        let warning = try XCTUnwrap(report.warnings.first)
        XCTAssertTrue(warning.contains("could not be downloaded"), warning)
        XCTAssertTrue(warning.contains("offline"), warning)
        // Plain words, not Foundation's "(URLError -1004)".
        XCTAssertFalse(warning.contains("URLError"), warning)
        XCTAssertFalse(warning.contains("NSURLErrorDomain"), warning)
        XCTAssertTrue(warning.contains("HF_ENDPOINT"), warning)
        XCTAssertTrue(warning.contains("local folder"), warning)
    }

    func testOptionalAndPullAreBooleans() {
        let yaml = """
            scorers:
              - id: q
                kind: qwen3-reranker
                model: m
                optional: maybe
                pull: yes
            """
        XCTAssertThrowsError(try SiteConfig.parse(yaml: yaml, file: "rerank-site.yml", root: FileManager.default.temporaryDirectory)) { error in
            XCTAssertEqual((error as? BuildError)?.messages, ["rerank-site.yml:5:15: scorers.optional: expected true or false, got 'maybe'"])
        }
        let noModel = "scorers:\n  - id: b\n    kind: bm25\n    optional: true\n"
        XCTAssertThrowsError(try SiteConfig.parse(yaml: noModel, file: "rerank-site.yml", root: FileManager.default.temporaryDirectory)) { error in
            XCTAssertEqual((error as? BuildError)?.messages, ["rerank-site.yml:4:15: scorers.optional: a bm25 scorer has no model to be missing or to download"])
        }
    }
}
