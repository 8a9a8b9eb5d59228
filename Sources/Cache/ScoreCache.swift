import Foundation
import RerankCore

/// Rows the cache holds for one scorer.
public struct ScorerRows: Hashable, Sendable, Codable {
    public var scorer: String
    public var rows: Int
    public init(scorer: String, rows: Int) { self.scorer = scorer; self.rows = rows }
}

/// What `rerank-site cache stats` shows.
public struct CacheStats: Hashable, Sendable, Codable {
    public var path: String
    /// Rows per scorer fingerprint, sorted by fingerprint.
    public var rowsByScorer: [ScorerRows]
    /// Size of the database file plus its write-ahead log, bytes.
    public var fileBytes: Int64
    public var totalRows: Int { rowsByScorer.reduce(0) { $0 + $1.rows } }
    public init(path: String, rowsByScorer: [ScorerRows], fileBytes: Int64) {
        self.path = path; self.rowsByScorer = rowsByScorer; self.fileBytes = fileBytes
    }
}

/// The SQLite score cache: one row per scored pair, keyed by `cacheKey`.
///
/// Safe to share between threads (calls are serialized) and between processes: the file is in
/// WAL mode with a busy timeout, every write batch is one `BEGIN IMMEDIATE` transaction, and
/// opening retries while another process sets up a new file. Only a file recognised as ours is
/// opened (`CacheFileIdentity`); anything else at the path is refused and left as it is. A cache
/// of ours that is damaged is moved aside to `<name>.corrupt-<n>` and rebuilt; what happened is
/// added to `warnings`, never printed.
public final class ScoreCache: @unchecked Sendable {
    /// Where a build keeps its cache, relative to the project folder.
    public static let defaultRelativePath = ".rerank-site/cache.sqlite"
    /// How long a connection waits for another process's lock before failing, milliseconds.
    public static let busyTimeoutMilliseconds = 60_000

    public let path: URL
    /// Problems met and recovered from, in order, for the caller to show.
    public var warnings: [String] { lock.lock(); defer { lock.unlock() }; return recordedWarnings }

    private let lock = NSLock()
    private var recordedWarnings: [String] = []
    private var db: SQLiteDatabase?
    private var selectStatement: SQLiteStatement?
    private var insertStatement: SQLiteStatement?

    /// Opens (creating the folder and file when missing) and migrates the cache at `path`.
    public init(path: URL = URL(fileURLWithPath: ScoreCache.defaultRelativePath)) throws {
        self.path = path
        _ = try CacheFileIdentity.inspect(path.path)
        try CacheFolder.create(for: path.path)
        try openRecovering()
    }

    deinit { closeDatabase() }

    /// The cached score of every key found; missing keys are absent.
    public func lookup(keys: [String]) throws -> [String: PairScore] {
        try locked {
            do {
                return try lookupUnlocked(keys)
            } catch let error as CacheError where error.isUnusableFile {
                try recover(from: error)
                return [:]
            }
        }
    }

    /// Stores (or replaces) every entry in one transaction. `scorer` labels the row for `stats`.
    public func store(_ entries: [(key: String, scorer: String, score: PairScore)]) throws {
        guard !entries.isEmpty else { return }
        try locked {
            do {
                try storeUnlocked(entries)
            } catch let error as CacheError where error.isUnusableFile {
                try recover(from: error)
                try storeUnlocked(entries)
            }
        }
    }

    /// When the newest score stored under a scorer fingerprint was computed (seconds since 1970);
    /// nil when it has none. The site's model cards date a scorer's scores by it.
    public func newestScoreTime(scorer fingerprint: String) throws -> Double? {
        try locked {
            let db = try database()
            let statement = try db.prepare("SELECT max(created_at) FROM scores WHERE scorer = ?1", step: "score dates")
            try statement.bind(1, fingerprint)
            guard try statement.step(), !statement.isNull(0) else { return nil }
            return statement.double(0)
        }
    }

    /// Rows per scorer and the size on disk.
    public func stats() throws -> CacheStats {
        try locked {
            let db = try database()
            let statement = try db.prepare(
                "SELECT scorer, count(*) FROM scores GROUP BY scorer ORDER BY scorer", step: "stats")
            var rows: [ScorerRows] = []
            while try statement.step() { rows.append(ScorerRows(scorer: statement.text(0), rows: statement.int(1))) }
            let bytes = [path.path, path.path + "-wal"].reduce(Int64(0)) { sum, file in
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
                return sum + (size ?? 0)
            }
            return CacheStats(path: path.path, rowsByScorer: rows, fileBytes: bytes)
        }
    }

    /// Deletes every row and gives the space back to the file system.
    public func clear() throws {
        try locked {
            let db = try database()
            try db.transaction(immediate: true, step: "clear") {
                try db.execute("DELETE FROM scores", step: "clear")
                try db.execute("DELETE FROM file_digests", step: "clear")
            }
            try db.execute("VACUUM", step: "clear")
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)", step: "clear")
        }
    }

    // MARK: - Internals (called with the lock held)

    func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func database() throws -> SQLiteDatabase {
        guard let db else { throw CacheError(path: path.path, step: "use", message: "the cache is closed") }
        return db
    }

    private func lookupUnlocked(_ keys: [String]) throws -> [String: PairScore] {
        let db = try database()
        guard let select = selectStatement else { throw CacheError(path: path.path, step: "lookup", message: "not prepared") }
        return try db.transaction(immediate: false, step: "lookup") {
            var found: [String: PairScore] = [:]
            for key in keys where found[key] == nil {
                defer { select.reset() }
                try select.bind(1, key)
                guard try select.step() else { continue }
                found[key] = PairScore(score: select.double(0),
                                       logit: select.isNull(1) ? nil : select.double(1),
                                       tokens: select.isNull(2) ? nil : select.int(2),
                                       truncated: select.int(3) != 0,
                                       seconds: select.double(4))
            }
            return found
        }
    }

    private func storeUnlocked(_ entries: [(key: String, scorer: String, score: PairScore)]) throws {
        let db = try database()
        guard let insert = insertStatement else { throw CacheError(path: path.path, step: "store", message: "not prepared") }
        let now = Date().timeIntervalSince1970
        try db.transaction(immediate: true, step: "store") {
            for entry in entries {
                defer { insert.reset() }
                try insert.bind(1, entry.key)
                try insert.bind(2, entry.scorer)
                try insert.bind(3, entry.score.score)
                try insert.bind(4, entry.score.logit)
                try insert.bind(5, entry.score.tokens)
                try insert.bind(6, entry.score.truncated ? 1 : 0)
                try insert.bind(7, entry.score.seconds)
                try insert.bind(8, now)
                _ = try insert.step()
            }
        }
    }

    /// Opens the file; when it is unusable, moves it aside with a warning and starts afresh.
    private func openRecovering() throws {
        do {
            try openDatabase()
        } catch let error as CacheError where error.isUnusableFile {
            try recover(from: error)
        }
    }

    private func recover(from error: CacheError) throws {
        closeDatabase()
        let aside = try CacheFolder.moveAside(path)
        recordedWarnings.append("cache \(path.path) was unusable (\(error.plainMessage)); "
                        + "moved it to \(aside.lastPathComponent) and started an empty cache")
        try openDatabase()
    }

    /// Opens the file, trying again while another process holds it: switching a new file to WAL
    /// needs an exclusive lock, and SQLite answers that request (and a read during another's
    /// recovery) with SQLITE_BUSY at once instead of waiting on `busy_timeout`.
    private func openDatabase() throws {
        let deadline = Date().addingTimeInterval(Double(ScoreCache.busyTimeoutMilliseconds) / 1000)
        var attempt = 0
        while true {
            do {
                return try openDatabaseOnce()
            } catch let error as CacheError where error.isBusy && Date() < deadline {
                attempt += 1
                usleep(UInt32(1_000 * min(50, 2 * attempt) + Int.random(in: 0..<5_000)))
            }
        }
    }

    private func openDatabaseOnce() throws {
        let kind = try CacheFileIdentity.inspect(path.path)
        try CacheFolder.checkWritable(path.path, fileExists: kind != .absent)
        let db = try SQLiteDatabase(path: path.path)
        do {
            try db.execute("PRAGMA busy_timeout = \(ScoreCache.busyTimeoutMilliseconds)", step: "configure")
            if kind == .sqliteWithoutID { try CacheFileIdentity.recognise(db) }
            try db.execute("PRAGMA journal_mode = WAL", step: "configure")
            try db.execute("PRAGMA synchronous = NORMAL", step: "configure")
            try migrate(db)
            try CacheFileIdentity.stamp(db)
            try checkIntegrity(db)
            selectStatement = try db.prepare(
                "SELECT score, logit, tokens, truncated, seconds FROM scores WHERE key = ?1", step: "lookup")
            insertStatement = try db.prepare("""
                INSERT OR REPLACE INTO scores (key, scorer, score, logit, tokens, truncated, seconds, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """, step: "store")
            self.db = db
        } catch {
            selectStatement = nil
            insertStatement = nil
            db.close()
            throw error
        }
    }

    private func checkIntegrity(_ db: SQLiteDatabase) throws {
        let statement = try db.prepare("PRAGMA quick_check", step: "quick check")
        var problems: [String] = []
        while try statement.step() { problems.append(statement.text(0)) }
        guard problems == ["ok"] else {
            throw CacheError(path: path.path, step: "quick check",
                             message: problems.prefix(3).joined(separator: "; "), isUnusableFile: true)
        }
    }

    private func closeDatabase() {
        selectStatement = nil
        insertStatement = nil
        db?.close()
        db = nil
    }
}
