import CSQLite

/// SQLite's "copy the bound buffer now" destructor.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A thin owner of one SQLite connection. Not thread-safe: `ScoreCache` serializes access.
final class SQLiteDatabase {
    private(set) var handle: OpaquePointer?
    let path: String

    init(path: String) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot allocate a connection"
            sqlite3_close_v2(db)
            throw CacheError(path: path, step: "open", code: rc, message: message)
        }
        sqlite3_extended_result_codes(db, 1)
        handle = db
    }

    deinit { close() }

    /// Closes the connection; statements still alive are finalized by their own deinit.
    func close() {
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    func error(_ step: String, _ code: Int32) -> CacheError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed"
        return CacheError(path: path, step: step, code: code, message: message)
    }

    /// Runs one or more statements whose rows, if any, are not needed.
    func execute(_ sql: String, step: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(step, rc) }
    }

    func prepare(_ sql: String, step: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(step, rc) }
        return SQLiteStatement(statement, database: self, step: step)
    }

    /// The first column of the first row of a query returning an integer (`PRAGMA user_version`).
    func integer(_ sql: String, step: String) throws -> Int {
        let statement = try prepare(sql, step: step)
        guard try statement.step() else { return 0 }
        return statement.int(0)
    }

    /// Runs `body` in a transaction; `immediate` takes the write lock up front, so a writer waits
    /// on `busy_timeout` at BEGIN instead of failing when it upgrades a read lock.
    func transaction<T>(immediate: Bool, step: String, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN", step: step)
        do {
            let value = try body()
            try execute("COMMIT", step: step)
            return value
        } catch {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }
}

/// One prepared statement, reset after each use so it can be reused.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: SQLiteDatabase
    private let stepName: String

    init(_ handle: OpaquePointer, database: SQLiteDatabase, step: String) {
        self.handle = handle; self.database = database; self.stepName = step
    }

    deinit { sqlite3_finalize(handle) }

    /// Rewinds the statement and clears its bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ index: Int32, _ value: String) throws {
        try check(sqlite3_bind_text(handle, index, value, -1, transient))
    }
    func bind(_ index: Int32, _ value: Double) throws { try check(sqlite3_bind_double(handle, index, value)) }
    func bind(_ index: Int32, _ value: Int) throws { try check(sqlite3_bind_int64(handle, index, Int64(value))) }
    func bind(_ index: Int32, _ value: Double?) throws {
        if let value { try bind(index, value) } else { try check(sqlite3_bind_null(handle, index)) }
    }
    func bind(_ index: Int32, _ value: Int?) throws {
        if let value { try bind(index, value) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    /// Advances to the next row: true when there is one, false when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.error(stepName, rc)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: bytes)
    }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw database.error(stepName, rc) }
    }
}
