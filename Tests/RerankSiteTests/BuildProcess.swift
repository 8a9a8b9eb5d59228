import Foundation
import XCTest

/// The `rerank-site` binary that `swift build` put beside the test bundle, run as a real process.
struct BuildProcess {
    static func binary(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent(), TestProject.repoRoot.appendingPathComponent(".build/debug")] {
            let url = folder.appendingPathComponent("rerank-site")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        XCTFail("rerank-site binary not found beside \(beside.path): run `swift build --build-tests`", file: file, line: line)
        throw XCTSkip("binary missing")
    }

    let process = Process()
    private let errorFile: URL

    /// Starts `rerank-site arguments` in `directory`; stdout is discarded, stderr kept for messages.
    init(_ arguments: [String], in directory: URL) throws {
        process.executableURL = try BuildProcess.binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the end; the exit status and what it wrote on stderr.
    func finish() -> (status: Int32, stderr: String) {
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let text = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }
}

struct ProcessResult { var status: Int32; var stdout: String; var stderr: String }

/// Runs a program to completion with its output captured (files, so a large output cannot block it).
/// `environment` is added to this process's own, less the variables named in `without`.
func runProcess(_ executable: URL, _ arguments: [String], in directory: URL,
                environment: [String: String] = [:], without: Set<String> = []) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.filter { !without.contains($0.key) }
    let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close(); try err.close()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}
