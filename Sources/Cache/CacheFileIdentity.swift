import CSQLite
import Foundation

/// What lies at the cache path before it is opened. rerank-site opens only a database it can
/// recognise as its own, or creates one where nothing is; anything else is refused and left as it
/// is (never moved aside), so that `cache:` pointing at the wrong file destroys nothing.
enum CacheFileIdentity {
    /// `PRAGMA application_id` of a rerank-site cache: "RrSt" in ASCII.
    static let applicationID: Int32 = 0x5272_5374

    enum Kind: Equatable {
        /// Nothing there yet (the folders above may be missing too).
        case absent
        /// A zero-byte file: what SQLite leaves between creating a file and writing its first page,
        /// so a concurrent build's new cache; it holds nothing to lose.
        case empty
        /// An SQLite file whose header carries our application id.
        case ours
        /// An SQLite file whose header carries no application id: a cache from an earlier version,
        /// one another build is setting up (its first pages still in the write-ahead log), or a
        /// foreign database; `recognise(_:)` decides once the file is open.
        case sqliteWithoutID
    }

    /// Reads the file's type and its 100-byte SQLite header; throws a refusal for anything that is
    /// not (or cannot become) a rerank-site cache.
    static func inspect(_ path: String) throws -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let reason = errno
            if reason == ENOENT {
                if let file = CacheFolder.fileOnPath(to: path) { throw refusal(path, fileInTheWay(file)) }
                return .absent
            }
            if reason == ENOTDIR, let file = CacheFolder.fileOnPath(to: path) { throw refusal(path, fileInTheWay(file)) }
            throw refusal(path, "cannot look at it: \(plainReason(errno: reason))")
        }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard stat(path, &info) == 0 else {
                throw refusal(path, "it is a link to a missing file; point `cache:` (or --cache) at a real file path")
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw refusal(path, "it is a folder, not a file; `cache:` (or --cache) names the database file, "
                          + "for example \((path as NSString).appendingPathComponent("cache.sqlite"))")
        case S_IFREG: break
        default: throw refusal(path, "it is not a regular file")
        }
        if info.st_size == 0 { return .empty }
        guard let header = readHeader(path) else {
            throw refusal(path, "cannot read it: \(plainReason(errno: errno))")
        }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\u{0}".utf8)) else {
            throw refusal(path, "it is not an SQLite database, so not a rerank-site cache; rerank-site leaves it "
                          + "as it is: give `cache:` (or --cache) another file name, or move this file away")
        }
        let id = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if id == UInt32(bitPattern: applicationID) { return .ours }
        if id == 0 { return .sqliteWithoutID }
        throw refusal(path, "it is another program's SQLite database (application id \(id)); rerank-site leaves it "
                      + "as it is: give `cache:` (or --cache) another file name")
    }

    /// Decides, on an open connection, whether an SQLite file without an application id is ours:
    /// a new empty database, one that says it is ours through the log, or an earlier version's
    /// cache (a `scores` table and a schema version). Anything else is refused.
    static func recognise(_ db: SQLiteDatabase) throws {
        do {
            // One read transaction, so that another build's migration is seen whole or not at all.
            let (id, version, tables) = try db.transaction(immediate: false, step: "recognise") {
                let id = try db.integer("PRAGMA application_id", step: "recognise")
                let version = try db.integer("PRAGMA user_version", step: "recognise")
                let statement = try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                               step: "recognise")
                var tables: [String] = []
                while try statement.step() { tables.append(statement.text(0)) }
                return (id, version, tables)
            }
            if id == Int(applicationID) { return }
            if tables.isEmpty && version == 0 { return }
            if tables.contains("scores") && version >= 1 { return }
            throw refusal(db.path, "it is another program's SQLite database (tables: "
                          + "\(tables.prefix(5).joined(separator: ", ")))"
                          + "; rerank-site leaves it as it is: give `cache:` (or --cache) another file name")
        } catch let error as CacheError where error.isUnusableFile {
            throw refusal(db.path, "it is a damaged SQLite database that rerank-site cannot recognise as its "
                          + "cache, so it leaves it as it is: move it away, or give `cache:` another file name")
        }
    }

    /// Marks the file as ours (caches made before the mark existed get it on their first open).
    static func stamp(_ db: SQLiteDatabase) throws {
        guard try db.integer("PRAGMA application_id", step: "mark") != Int(applicationID) else { return }
        try db.transaction(immediate: true, step: "mark") {
            try db.execute("PRAGMA application_id = \(applicationID)", step: "mark")
        }
    }

    static func newerSchema(_ path: String, version: Int) -> CacheError {
        refusal(path, "it was written by a newer rerank-site (schema version \(version); this one knows "
                + "\(migrations.count)), so it is left as it is: use the newer version, or another cache file")
    }

    static func refusal(_ path: String, _ message: String) -> CacheError {
        CacheError(path: path, step: "open", message: message)
    }

    static func fileInTheWay(_ file: String) -> String {
        "\(file) is a file, so the folder the cache belongs in cannot be there; "
            + "give `cache:` (or --cache) a path whose folders are folders"
    }

    private static func readHeader(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 100)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, 100) }
        guard n >= 0 else { return nil }
        return Array(bytes.prefix(n))
    }
}

/// The cause of a failed system call in plain words ("permission denied").
func plainReason(errno code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}

extension ScoreCache {
    /// Why the cache at `path` would be refused, in plain words naming the path; nil when it may be
    /// opened or created. Reads the file, never changes it, so a build can say it before any work.
    public static func problem(at path: URL) -> String? {
        do {
            let kind = try CacheFileIdentity.inspect(path.path)
            if FileManager.default.fileExists(atPath: path.deletingLastPathComponent().path) {
                try CacheFolder.checkWritable(path.path, fileExists: kind != .absent)
            }
            guard kind == .sqliteWithoutID || kind == .ours else { return nil }
            let db = try SQLiteDatabase(path: path.path)
            defer { db.close() }
            try db.execute("PRAGMA busy_timeout = \(busyTimeoutMilliseconds)", step: "configure")
            if kind == .sqliteWithoutID { try CacheFileIdentity.recognise(db) }
            let version = try db.integer("PRAGMA user_version", step: "check")
            if version > migrations.count { throw CacheFileIdentity.newerSchema(path.path, version: version) }
            return nil
        } catch let error as CacheError where error.code == 0 {
            return error.description
        } catch {
            return nil // busy or the like: opening the cache will wait, retry and say it plainly
        }
    }
}
