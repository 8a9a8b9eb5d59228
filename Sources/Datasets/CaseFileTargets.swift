import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#else
import Darwin
private let systemWrite = Darwin.write
#endif

/// Where imported case files go, and the rule that protects what is already there: a file is
/// replaced only when a previous import wrote it (its front matter says `imported:`) and
/// `--update` was given. The file-system edge of the import.
struct CaseFileTargets {
    let output: URL
    let update: Bool

    /// Every reason a file cannot be written, all at once; empty when all can.
    func check(_ paths: [String]) -> [DatasetProblem] {
        var problems: [DatasetProblem] = []
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return [DatasetProblem(file: output.path, "--output is a file, not a folder")]
        }
        for path in paths {
            let url = output.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                problems.append(DatasetProblem(file: url.path, "a folder is in the way of the case file"))
            } else if !Self.isImported(url) {
                problems.append(DatasetProblem(file: url.path,
                    "exists and was not written by rerank-site import, so it is never overwritten; move it or import into another --output"))
            } else if !update {
                problems.append(DatasetProblem(file: url.path, "exists (written by an earlier import); give --update to replace it"))
            }
        }
        return problems
    }

    /// Writes each file atomically: a temporary file beside it, renamed over the target, so a
    /// reader sees the old file or the new one, never half of one. (No fsync per file: thousands
    /// of them would cost more than the import.)
    func write(_ files: [(path: String, text: String)]) throws {
        var folders = Set<String>()
        for file in files {
            let url = output.appendingPathComponent(file.path)
            let folder = url.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).import-\(getpid())")
            do {
                if folders.insert(folder.path).inserted {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                }
                if let reason = Self.writeWhole(temporary.path, Array(file.text.utf8)) {
                    try? FileManager.default.removeItem(at: temporary)
                    throw DatasetError(file: url.path, "cannot write the file: \(reason)")
                }
                guard rename(temporary.path, url.path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    try? FileManager.default.removeItem(at: temporary)
                    throw DatasetError(file: url.path, "cannot write the file: \(reason)")
                }
            } catch let error as DatasetError {
                throw error
            } catch {
                throw DatasetError(file: url.path, "cannot write the file: \(error.localizedDescription)")
            }
        }
    }

    /// Creates (or truncates) `path` and writes `bytes` with plain system calls; the reason on failure.
    private static func writeWhole(_ path: String, _ bytes: [UInt8]) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            written += count
        }
        return nil
    }

    /// True when the file's front matter holds an `imported:` line.
    static func isImported(_ url: URL) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 64 * 1024) else { return false }
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) == "---" }) == true else { return false }
        for line in lines.dropFirst() {
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if text == "---" || text == "..." { return false }
            if line.hasPrefix("imported:") { return true }
        }
        return false
    }
}
