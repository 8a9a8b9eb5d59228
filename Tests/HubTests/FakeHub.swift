import Foundation
import XCTest

/// scripts/hub/fake_hub.py run as a child process on 127.0.0.1, serving one fixture model.
final class FakeHub {
    let process = Process()
    let port: Int
    let log: URL
    var endpoint: String { "http://127.0.0.1:\(port)" }

    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    init(repos: [String: URL], options: [String] = [], scratch: URL) throws {
        let script = Self.repoRoot.appendingPathComponent("scripts/hub/fake_hub.py")
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw Failure("missing \(script.path)")
        }
        log = scratch.appendingPathComponent("requests-\(UUID().uuidString).jsonl")
        var arguments = ["python3", script.path, "--port", "0", "--log", log.path] + options
        for (id, folder) in repos.sorted(by: { $0.key < $1.key }) { arguments += ["--repo", "\(id)=\(folder.path)"] }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty {
                let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw Failure("fake_hub.py did not start: \(message)")
            }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure("fake_hub.py printed no port")
        }
        self.port = port
    }

    /// SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    struct Request: Decodable {
        let method: String
        let path: String
        let range: String?
        let auth: Bool
    }

    /// The requests the server saw, in order.
    func requests() throws -> [Request] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A made-up model in a reranker's file layout: two safetensors shards (LFS files) with an
/// index, the JSON files, and files a reranker does not need (README.md, .gitattributes).
struct FixtureModel {
    let folder: URL
    static let shardNames = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]

    init(in scratch: URL) throws {
        folder = scratch.appendingPathComponent("fixture-model", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files: [String: Data] = [
            "config.json": Data(#"{"architectures": ["Qwen3ForCausalLM"], "hidden_size": 8}"#.utf8),
            "tokenizer.json": Data(#"{"version": "1.0", "model": {"type": "BPE"}}"#.utf8),
            "tokenizer_config.json": Data(#"{"model_max_length": 8192}"#.utf8),
            "generation_config.json": Data(#"{"do_sample": false}"#.utf8),
            "model.safetensors.index.json": Data(#"{"metadata": {}, "weight_map": {"a.weight": "\#(Self.shardNames[0])", "b.weight": "\#(Self.shardNames[1])"}}"#.utf8),
            Self.shardNames[0]: Self.bytes(count: 300_000, seed: 1),
            Self.shardNames[1]: Self.bytes(count: 200_000, seed: 2),
            "README.md": Data("# fixture\n".utf8),
            ".gitattributes": Data("*.safetensors filter=lfs\n".utf8),
        ]
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
    }

    func data(_ name: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(name)) }

    /// Deterministic filler bytes (a 64-bit LCG's high bytes).
    static func bytes(count: Int, seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        var out = Data(count: count)
        for i in 0..<count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out[i] = UInt8(truncatingIfNeeded: state >> 56)
        }
        return out
    }
}

/// A temporary folder removed after the test.
func makeScratch(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hubtests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}
