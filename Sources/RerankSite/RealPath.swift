import Foundation

/// Absolute paths with every symbolic link resolved, so that two names for one folder compare
/// equal (`--output out` where `out` links to the project is the project). Components that do
/// not exist yet are kept as written.
enum RealPath {
    static func resolve(_ path: String) -> String {
        var current = "/"
        var pending = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var links = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." { continue }
            if part == ".." { current = parent(current); continue }
            let next = current == "/" ? "/" + part : current + "/" + part
            var info = stat()
            if lstat(next, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, links < 40,
               let target = try? FileManager.default.destinationOfSymbolicLink(atPath: next) {
                // Resolve the link's target against the folder that holds it, then go on.
                links += 1
                let rest = target.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                if target.hasPrefix("/") { current = "/" }
                pending = rest + pending
                continue
            }
            current = next
        }
        return current
    }

    /// True when `path` is `folder` or lies below it (both real paths).
    static func isSameOrInside(_ path: String, _ folder: String) -> Bool {
        path == folder || folder == "/" || path.hasPrefix(folder + "/")
    }

    private static func parent(_ path: String) -> String {
        let up = (path as NSString).deletingLastPathComponent
        return up.isEmpty ? "/" : up
    }
}
