import CFileSwap
import Foundation

/// Writes a whole site so that readers see either the previous site or the new one: the files go
/// into a sibling folder first, and only a complete folder replaces the old one, in one atomic
/// exchange on Linux.
enum SiteWriter {
    static func write(_ files: [String: [UInt8]], to output: URL) throws {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).new-\(pid)")
        let retired = parent.appendingPathComponent(".\(name).old-\(pid)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for path in files.keys.sorted() {
                guard isSafeRelativePath(path) else {
                    throw BuildError(.io, step: "write", "refusing to write outside the site: \(path)")
                }
                let url = staging.appendingPathComponent(path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard fm.createFile(atPath: url.path, contents: Data(files[path] ?? [])) else {
                    throw BuildError(.io, step: "write", "cannot write \(url.path)")
                }
            }
        } catch {
            try? fm.removeItem(at: staging)
            if let e = error as? BuildError { throw e }
            throw BuildError(.io, step: "write", "\(staging.path): \(error.localizedDescription)")
        }
        // Swap in one step where the filesystem can (the old site then sits at the staging name);
        // elsewhere the old site moves aside, the new one takes its name, then the old one goes.
        let hasOld = fm.fileExists(atPath: output.path)
        if hasOld, exchangePaths(staging, output) {
            try? fm.removeItem(at: staging)
            return
        }
        var hadOld = false
        if hasOld {
            do { try fm.moveItem(at: output, to: retired); hadOld = true } catch {
                try? fm.removeItem(at: staging)
                throw BuildError(.io, step: "write", "cannot replace \(output.path): \(error.localizedDescription)")
            }
        }
        do { try fm.moveItem(at: staging, to: output) } catch {
            if hadOld { try? fm.moveItem(at: retired, to: output) }
            try? fm.removeItem(at: staging)
            throw BuildError(.io, step: "write", "cannot move the new site into \(output.path): \(error.localizedDescription)")
        }
        if hadOld { try? fm.removeItem(at: retired) }
    }

    /// Exchanges two existing paths atomically (Linux renameat2 RENAME_EXCHANGE); false where the
    /// system or filesystem cannot, and nothing moved.
    static func exchangePaths(_ a: URL, _ b: URL) -> Bool {
        rerank_site_exchange_paths(a.path, b.path) == 0
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}

/// Writes one file atomically: a temporary sibling, then a rename.
func writeFileAtomically(_ data: Data, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url, options: .atomic)
}
