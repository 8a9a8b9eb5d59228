import CSQLite

/// Any failure of the score cache, with the file and the step that failed.
public struct CacheError: Error, CustomStringConvertible, Sendable {
    /// The cache file.
    public var path: String
    /// What was being done: `open`, `migrate v1`, `lookup`, `store`, `score with bm25`...
    public var step: String
    /// SQLite's extended result code, 0 when the error did not come from SQLite. Kept for callers
    /// and tests; never shown (the description says the cause in words).
    public var code: Int32
    public var message: String
    /// True when the file is one of ours but not usable (malformed, wrong columns): such a file is
    /// moved aside and the cache rebuilt. A file that is not ours is refused, never moved.
    public var isUnusableFile: Bool

    public init(path: String, step: String, code: Int32 = 0, message: String, isUnusableFile: Bool = false) {
        self.path = path; self.step = step; self.code = code; self.message = message
        let primary = code & 0xff
        self.isUnusableFile = isUnusableFile || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB
    }

    /// Another connection held a lock (SQLITE_BUSY or SQLITE_LOCKED): worth trying again.
    var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }

    /// The cause in plain words: SQLite's result codes become what they mean for a cache file.
    public var plainMessage: String {
        switch code & 0xff {
        case 0: return message
        case SQLITE_BUSY, SQLITE_LOCKED:
            return "another process kept the cache locked for more than \(ScoreCache.busyTimeoutMilliseconds / 1000) s"
        case SQLITE_READONLY: return "the cache file or its folder is read-only"
        case SQLITE_CANTOPEN: return "the file cannot be opened (its folder is missing, unreadable or read-only)"
        case SQLITE_PERM, SQLITE_AUTH: return "permission denied"
        case SQLITE_FULL: return "the disk is full"
        case SQLITE_IOERR: return "reading or writing the file failed (a disk or file-system error)"
        case SQLITE_CORRUPT: return "the file is damaged"
        case SQLITE_NOTADB: return "the file is not an SQLite database"
        default: return message
        }
    }

    public var description: String { "cache \(path): \(plainMessage)" }
}
