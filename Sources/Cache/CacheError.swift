import CSQLite

/// Any failure of the score cache, with the file and the step that failed.
public struct CacheError: Error, CustomStringConvertible, Sendable {
    /// The cache file.
    public var path: String
    /// What was being done: `open`, `migrate v1`, `lookup`, `store`, `score with bm25`...
    public var step: String
    /// SQLite's extended result code, 0 when the error did not come from SQLite.
    public var code: Int32
    public var message: String
    /// True when the file is not a usable cache (not a database, malformed, foreign or newer schema):
    /// such a file is moved aside and the cache rebuilt.
    public var isUnusableFile: Bool

    public init(path: String, step: String, code: Int32 = 0, message: String, isUnusableFile: Bool = false) {
        self.path = path; self.step = step; self.code = code; self.message = message
        let primary = code & 0xff
        self.isUnusableFile = isUnusableFile || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB
    }

    public var description: String {
        code == 0 ? "cache \(path): \(step): \(message)" : "cache \(path): \(step): \(message) (SQLite code \(code))"
    }
}
