import Foundation
import XCTest
@testable import RerankSite

/// `pull: true` (and `build --pull`) download a missing hub model from HF_ENDPOINT and score with
/// it; without either, a build sends the hub no request at all. The hub is scripts/hub/fake_hub.py
/// serving the random-weight fixture model.
final class PullBuildTests: XCTestCase {
    func testPullDownloadsAndWithoutItNothingIsRequested() async throws {
        let model = try TestProject.fixtureModel()
        let hub = try LocalHub(repo: "Test/tiny-reranker", folder: model)
        defer { hub.stop() }
        func config(pull: Bool) -> String {
            baselineConfig + "\n  - id: tiny\n    kind: qwen3-reranker\n    model: Test/tiny-reranker\n    max_length: 256\n"
                + (pull ? "    pull: true\n" : "")
        }
        let project = try TestProject(config: config(pull: false), cases: twoCases)
        defer { project.remove() }
        let env = ["HOME": project.root.path, "HF_HUB_CACHE": project.root.appendingPathComponent("hub").path,
                   "HF_ENDPOINT": hub.endpoint]
        let options = BuildOptions(workingDirectory: project.root)

        // Not asked: a required model that is missing fails, and the hub saw nothing.
        do {
            _ = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false), environment: env)
            XCTFail("a missing required model fails the build")
        } catch let error as BuildError {
            XCTAssertTrue(error.description.contains("`rerank-site models pull Test/tiny-reranker`"), error.description)
        }
        XCTAssertEqual(try hub.requestCount(), 0, "a build downloads nothing unless asked")

        // `pull: true`: downloaded, then scored.
        try project.write("rerank-site.yml", config(pull: true))
        let report = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false), environment: env)
        XCTAssertGreaterThan(try hub.requestCount(), 0)
        XCTAssertEqual(report.warnings, [])
        XCTAssertTrue(try project.text("index.html").contains("tiny"))

        // Now cached: the plain config builds offline, without a request.
        try project.write("rerank-site.yml", config(pull: false))
        let before = try hub.requestCount()
        let again = try await SiteBuilder.build(options, log: BuildLog(isTerminal: false), environment: env)
        XCTAssertEqual(again.scored, 0)
        XCTAssertEqual(try hub.requestCount(), before)
    }
}

/// scripts/hub/fake_hub.py on a free port, serving one folder as a hub repository.
final class LocalHub {
    let process = Process()
    let endpoint: String
    let log: URL

    init(repo: String, folder: URL) throws {
        let script = TestProject.repoRoot.appendingPathComponent("scripts/hub/fake_hub.py")
        log = FileManager.default.temporaryDirectory.appendingPathComponent("fake-hub-\(UUID().uuidString).jsonl")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--port", "0", "--log", log.path, "--repo", "\(repo)=\(folder.path)"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { throw BuildError(.io, step: "test", "fake_hub.py did not start") }
            line.append(chunk)
        }
        endpoint = "http://127.0.0.1:" + String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func requestCount() throws -> Int {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return 0 }
        return text.split(separator: "\n").count
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }
}
