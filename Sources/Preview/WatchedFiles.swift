import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the preview watches, as a comparable value: every regular file under the given paths
/// (recursively, hidden entries skipped, as the build skips them) with its size, inode and
/// nanosecond modification and change times. Two snapshots differ exactly when a file was added,
/// removed, replaced or written, so polling is deterministic and costs one `stat` per file.
struct WatchedFiles: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var path: String
        var size: Int64
        var inode: UInt64
        var modified: Int64
        var changed: Int64
    }

    /// Sorted by path.
    private(set) var entries: [Entry] = []

    /// Takes a snapshot of `roots` (files or folders; missing ones count as absent).
    static func snapshot(_ roots: [URL]) -> WatchedFiles {
        var out = WatchedFiles()
        for root in Set(roots.map(\.standardizedFileURL.path)).sorted() { out.walk(root, depth: 0) }
        out.entries.sort { $0.path < $1.path }
        return out
    }

    /// Paths added, removed or changed from `old` to `self`, sorted; for the log line.
    func changes(since old: WatchedFiles) -> [String] {
        let before = Dictionary(old.entries.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(entries.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        return Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }

    private mutating func walk(_ path: String, depth: Int) {
        var st = stat()
        guard depth < 64, stat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for name in names where !name.hasPrefix(".") { walk(path + "/" + name, depth: depth + 1) }
        } else if (st.st_mode & S_IFMT) == S_IFREG {
            entries.append(Entry(path: path, size: Int64(st.st_size), inode: UInt64(st.st_ino),
                                 modified: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
                                 changed: Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)))
        }
    }
}
