import Foundation
import XCTest

/// Runs every scenario of Tests/Hostile (see its README) against the real `rerank-site` binary:
/// a project layout, one command, the exit status and messages it must give, and the promise that
/// every file the run was not allowed to touch is still there, byte-identical.
final class HostileSuiteTests: XCTestCase {
    static let suiteFolder = TestProject.repoRoot.appendingPathComponent("Tests/Hostile")

    func testEveryScenario() throws {
        let binary = try HostileScenario.binary()
        let scenarios = try HostileScenario.all(in: Self.suiteFolder)
        XCTAssertFalse(scenarios.isEmpty, "no scenarios under \(Self.suiteFolder.path)")
        for scenario in scenarios {
            let failures = try scenario.run(binary: binary)
            for failure in failures { XCTFail("\(scenario.name): \(failure)") }
        }
        print("hostile suite: \(scenarios.count) scenarios")
    }

    func testTheCheckerNoticesAChangedFile() throws {
        let root = try temporaryFolder("hostile-self")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("a"), withIntermediateDirectories: true)
        try Data("one".utf8).write(to: root.appendingPathComponent("a/file"))
        let before = try TreeSnapshot(root: root)
        try Data("two".utf8).write(to: root.appendingPathComponent("a/file"))
        try Data("new".utf8).write(to: root.appendingPathComponent("b"))
        let after = try TreeSnapshot(root: root)
        XCTAssertEqual(before.differences(to: after, allowed: []), ["a/file: changed", "b: appeared"])
        XCTAssertEqual(before.differences(to: after, allowed: ["a", "b"]), [])
    }
}

/// One folder of Tests/Hostile.
struct HostileScenario {
    var name: String
    var folder: URL
    var cwd = "project"
    var arguments: [String] = []
    var exitStatus: Int32?
    var stderr: [String] = []
    var stdout: [String] = []
    var mayChange: [String] = []
    var exists: [String] = []
    var absent: [String] = []

    /// The binary `swift test` built beside the test bundle.
    static func binary() throws -> URL {
        var folder = Bundle(for: HostileSuiteTests.self).bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("rerank-site")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        throw HostileSuiteError("the rerank-site binary is not beside the test bundle \(Bundle(for: HostileSuiteTests.self).bundleURL.path)")
    }

    static func all(in folder: URL) throws -> [HostileScenario] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.compactMap { name in
            let dir = folder.appendingPathComponent(name)
            let expect = dir.appendingPathComponent("expect")
            guard FileManager.default.fileExists(atPath: expect.path) else { return nil }
            return try HostileScenario(name: name, folder: dir, expect: String(contentsOf: expect, encoding: .utf8))
        }
    }

    init(name: String, folder: URL, expect: String) throws {
        self.name = name
        self.folder = folder
        for (number, raw) in expect.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw HostileSuiteError("\(name)/expect:\(number + 1): expected `key: value`")
            }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "cwd": cwd = value
            case "run": arguments = value.split(separator: " ").map { $0 == "''" ? "" : String($0) }
            case "exit":
                guard let n = Int32(value) else { throw HostileSuiteError("\(name)/expect:\(number + 1): exit: not a number") }
                exitStatus = n
            case "stderr": stderr.append(value)
            case "stdout": stdout.append(value)
            case "may-change": mayChange.append(value)
            case "exists": exists.append(value)
            case "absent": absent.append(value)
            default: throw HostileSuiteError("\(name)/expect:\(number + 1): unknown key '\(key)'")
            }
        }
        if arguments.isEmpty { throw HostileSuiteError("\(name)/expect: no `run:` line") }
        if exitStatus == nil { throw HostileSuiteError("\(name)/expect: no `exit:` line") }
    }

    /// Runs the scenario in a new temporary folder; the failures, empty when it holds.
    func run(binary: URL) throws -> [String] {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("hostile-\(name)-\(UUID().uuidString)")
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        defer { removeTree(root) }
        let tree = folder.appendingPathComponent("tree")
        if manager.fileExists(atPath: tree.path) {
            for entry in try manager.contentsOfDirectory(atPath: tree.path) {
                try manager.copyItem(at: tree.appendingPathComponent(entry), to: root.appendingPathComponent(entry))
            }
        }
        let setup = folder.appendingPathComponent("setup.sh")
        if manager.fileExists(atPath: setup.path) {
            let result = try runProcess(URL(fileURLWithPath: "/bin/bash"), [setup.path], in: root,
                                        environment: ["RERANK_SITE_BINARY": binary.path,
                                                      "HF_HUB_OFFLINE": "1", "HF_HOME": root.appendingPathComponent(".hf").path])
            guard result.status == 0 else { return ["setup.sh failed (\(result.status)): \(result.stderr)"] }
        }
        let before = try TreeSnapshot(root: root)
        let result = try runProcess(binary, arguments, in: root.appendingPathComponent(cwd),
                                    environment: ["HF_HUB_OFFLINE": "1", "HF_HOME": root.appendingPathComponent(".hf").path])
        let after = try TreeSnapshot(root: root)

        var failures: [String] = []
        let shown = "\n--- stderr:\n\(result.stderr)--- stdout:\n\(result.stdout)"
        if result.status != exitStatus { failures.append("exit \(result.status), expected \(exitStatus ?? -1)\(shown)") }
        for text in stderr where !result.stderr.contains(text) { failures.append("stderr lacks '\(text)'\(shown)") }
        for text in stdout where !result.stdout.contains(text) { failures.append("stdout lacks '\(text)'\(shown)") }
        for path in exists where !after.has(path) { failures.append("\(path) should exist") }
        for path in absent where after.has(path) { failures.append("\(path) should not exist") }
        failures += before.differences(to: after, allowed: mayChange + [".hf"]).map { "user file \($0)" }
        return failures
    }

    /// Removes a scenario's folder, first making every folder writable (scenarios make some read-only).
    private func removeTree(_ root: URL) {
        _ = try? runProcess(URL(fileURLWithPath: "/bin/chmod"), ["-R", "u+rwx", root.path], in: root.deletingLastPathComponent())
        try? FileManager.default.removeItem(at: root)
    }
}

struct HostileSuiteError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Every entry under a folder, not following links: type, permissions, content hash or link target.
struct TreeSnapshot {
    var entries: [String: String] = [:]

    init(root: URL) throws {
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? root.path : root.path + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let mode = String(info.st_mode & 0o7777, radix: 8)
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if !relative.isEmpty { entries[relative] = "folder \(mode)" }
                // A folder the suite made unreadable is recorded, not listed.
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
                pending += names.map { relative.isEmpty ? $0 : relative + "/" + $0 }
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                entries[relative] = "link → \(target)"
            case S_IFREG:
                // The bytes themselves (the trees are small): a hash could hide a change.
                let data = FileManager.default.contents(atPath: path)
                entries[relative] = "file \(mode) " + (data.map { $0.base64EncodedString() } ?? "unreadable")
            default:
                entries[relative] = "special \(mode)"
            }
        }
    }

    func has(_ path: String) -> Bool { entries[path] != nil }

    /// What changed, appeared or vanished, outside the allowed paths (each with all below it).
    func differences(to after: TreeSnapshot, allowed: [String]) -> [String] {
        func isAllowed(_ path: String) -> Bool {
            allowed.contains { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        }
        var out: [String] = []
        for path in Set(entries.keys).union(after.entries.keys).sorted() where !isAllowed(path) {
            switch (entries[path], after.entries[path]) {
            case let (a?, b?) where a != b: out.append("\(path): changed")
            case (_?, nil): out.append("\(path): vanished")
            case (nil, _?): out.append("\(path): appeared")
            default: break
            }
        }
        return out
    }
}
