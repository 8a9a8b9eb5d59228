import Foundation

/// The folder the cache file lives in: created when missing, and checked for what SQLite needs
/// (it writes `<name>-wal` and `<name>-shm` beside the file), so that a failure is said in plain
/// words naming the path instead of surfacing as an SQLite code.
enum CacheFolder {
    /// Creates the folders above `path` that are missing.
    static func create(for path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        if let file = fileOnPath(to: path) { throw CacheFileIdentity.refusal(path, CacheFileIdentity.fileInTheWay(file)) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            let above = nearestExisting(folder)
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = access(above, W_OK) != 0 ? "\(above) is read-only"
                : underlying.map { plainReason(errno: Int32($0.code)) } ?? "the file system refused it"
            throw CacheError(path: path, step: "create folder", message: "cannot create the folder \(folder): \(reason)")
        }
    }

    /// Checks that SQLite will be able to write: the file itself, and the folder for its log.
    static func checkWritable(_ path: String, fileExists: Bool) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if fileExists && access(path, W_OK) != 0 {
            throw CacheError(path: path, step: "open", message: "the cache file is read-only (\(plainReason(errno: errno)))")
        }
        if access(folder.isEmpty ? "." : folder, W_OK) != 0 {
            throw CacheError(path: path, step: "open",
                             message: "the folder \(folder) is read-only (\(plainReason(errno: errno))), and the cache "
                                + "needs to write its file and its log there; make it writable or give `cache:` another path")
        }
    }

    /// The first component of `path`'s folders that exists and is not a folder, if any.
    static func fileOnPath(to path: String) -> String? {
        var current = ""
        let parts = (path as NSString).deletingLastPathComponent.split(separator: "/", omittingEmptySubsequences: true)
        if path.hasPrefix("/") { current = "" }
        for part in parts {
            current = current.isEmpty && !path.hasPrefix("/") ? String(part) : current + "/" + part
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: current, isDirectory: &isFolder) else { return nil }
            if !isFolder.boolValue { return current }
        }
        return nil
    }

    /// Renames a damaged cache of ours (and its write-ahead log) to the first free
    /// `<name>.corrupt-<n>`; the shared-memory index is deleted, SQLite rebuilds it.
    static func moveAside(_ path: URL) throws -> URL {
        let manager = FileManager.default
        var n = 1
        var aside = URL(fileURLWithPath: path.path + ".corrupt-\(n)")
        while manager.fileExists(atPath: aside.path) {
            n += 1
            aside = URL(fileURLWithPath: path.path + ".corrupt-\(n)")
        }
        do {
            if manager.fileExists(atPath: path.path) { try manager.moveItem(at: path, to: aside) }
            if manager.fileExists(atPath: path.path + "-wal") {
                try manager.moveItem(atPath: path.path + "-wal", toPath: aside.path + "-wal")
            }
            if manager.fileExists(atPath: path.path + "-shm") { try manager.removeItem(atPath: path.path + "-shm") }
        } catch {
            throw CacheError(path: path.path, step: "move aside",
                             message: "the cache is damaged and cannot be moved aside to \(aside.lastPathComponent) "
                                + "(the folder may be read-only); move or delete it yourself")
        }
        return aside
    }

    private static func nearestExisting(_ folder: String) -> String {
        var current = folder
        while !current.isEmpty && current != "/" && !FileManager.default.fileExists(atPath: current) {
            current = (current as NSString).deletingLastPathComponent
        }
        return current.isEmpty ? "." : current
    }
}
