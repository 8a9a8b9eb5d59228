import Foundation
@testable import Hub
import XCTest

/// rerank-site and huggingface_hub (Python) read each other's downloads: the cache layout is
/// checked by the other implementation rather than by our idea of it.
final class InteropTests: XCTestCase {
    let id = "Qwen/Qwen3-Reranker-0.6B"

    func runPython(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let script = FakeHub.repoRoot.appendingPathComponent("scripts/hub/interop_check.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 {
            XCTFail("huggingface_hub (Python) is missing: run scripts/test.sh, which installs it. \(output)")
        }
        return (process.terminationStatus, output)
    }

    func testHuggingFaceHubReadsWhatWePull() async throws {
        let scratch = try makeScratch(self)
        let fixture = try FixtureModel(in: scratch)
        let hub = try FakeHub(repos: [id: fixture.folder], options: ["--redirect"], scratch: scratch)
        defer { hub.stop() }
        let env = ["HF_HOME": scratch.appendingPathComponent("hf").path, "HF_ENDPOINT": hub.endpoint]
        let snapshot = try await HubClient(environment: env).pull(id: id, revision: nil, progress: nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: snapshot.path).sorted()

        var pythonEnv = env
        pythonEnv["HF_HUB_OFFLINE"] = "1"
        pythonEnv["HF_HUB_DISABLE_TELEMETRY"] = "1"
        let result = try runPython(["read", id, fixture.folder.path] + files, environment: pythonEnv)
        XCTAssertEqual(result.status, 0, result.output)
    }

    func testWeReadWhatHuggingFaceHubDownloads() async throws {
        let scratch = try makeScratch(self)
        let fixture = try FixtureModel(in: scratch)
        let hub = try FakeHub(repos: [id: fixture.folder], options: ["--redirect"], scratch: scratch)
        defer { hub.stop() }
        let env = ["HF_HOME": scratch.appendingPathComponent("hf").path, "HF_ENDPOINT": hub.endpoint,
                   "HF_HUB_DISABLE_TELEMETRY": "1"]
        let result = try runPython(["write", id, "*.json", "*.safetensors"], environment: env)
        XCTAssertEqual(result.status, 0, result.output)

        let offline = env.merging(["HF_HUB_OFFLINE": "1"]) { $1 }
        let resolved = try await ModelResolver.resolve("qwen3-reranker-0.6b", allowDownload: false, environment: offline)
        XCTAssertTrue(result.output.contains(resolved.folder.path), "\(result.output) vs \(resolved.folder.path)")
        for name in FixtureModel.shardNames + ["config.json", "tokenizer.json"] {
            XCTAssertEqual(try Data(contentsOf: resolved.folder.appendingPathComponent(name)), try fixture.data(name), name)
        }
        let listed = try HubCache(environment: offline).listModels()
        XCTAssertEqual(listed.map(\.isComplete), [true])
        XCTAssertEqual(listed.first?.refs, ["main"])
    }
}
