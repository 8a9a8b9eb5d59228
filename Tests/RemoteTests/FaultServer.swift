import Foundation
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A test class that talks to one fault server, started on first use and stopped after the
/// class's last test.
class FaultServerTestCase: XCTestCase {
    private static var server: FaultServer?

    func fault() throws -> FaultServer {
        if let server = Self.server { return server }
        let server = try FaultServer()
        Self.server = server
        return server
    }

    override class func tearDown() {
        server = nil
        super.tearDown()
    }
}

/// scripts/remote/fault_server.py, started for a test class on a free loopback port.
final class FaultServer {
    let port: Int
    private let process: Process
    private let input = Pipe()

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    init() throws {
        let script = Self.repositoryRoot.appendingPathComponent("scripts/remote/fault_server.py")
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw NSError(domain: "FaultServer", code: 2, userInfo: [NSLocalizedDescriptionKey: "missing \(script.path)"])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--lifetime", "300"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.standardError
        try process.run()
        self.process = process
        // The first line is the port; wait for it at most 20 s.
        let lineReady = DispatchSemaphore(value: 0)
        let box = LineBox()
        Thread {
            var bytes = Data()
            while let chunk = try? output.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty, chunk != Data("\n".utf8) {
                bytes.append(chunk)
            }
            box.line = String(decoding: bytes, as: UTF8.self)
            lineReady.signal()
        }.start()
        guard lineReady.wait(timeout: .now() + 20) == .success, let port = Int(box.line.trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw NSError(domain: "FaultServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "fault_server.py did not report a port (is python3 installed?)"])
        }
        self.port = port
    }

    deinit {
        // Closing stdin ends the server even when a signal would not reach it.
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    /// A URL for one behaviour with its own counters.
    func url(_ behaviour: String, route: String = "v1/rerank") -> String {
        "http://127.0.0.1:\(port)/\(behaviour)/\(UUID().uuidString)/\(route)"
    }

    /// The requests the server received on an endpoint's path.
    func log(for endpoint: String) async throws -> [[String: Any]] {
        guard let path = URLComponents(string: endpoint)?.path,
              let url = URL(string: "http://127.0.0.1:\(port)/log\(path)") else { return [] }
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: url) { data, _, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: data ?? Data()) }
            }.resume()
        }
        return (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    }

    /// The scores fault_server.py gives; must match its fake_score.
    static func expectedScore(query: String, document: String) -> Double {
        let q = query.utf8.reduce(0) { $0 + Int($1) }
        let d = document.utf8.reduce(0) { $0 + Int($1) }
        return Double((q * 31 + d) % 997) / 997.0
    }
}

private final class LineBox: @unchecked Sendable {
    var line = ""
}
