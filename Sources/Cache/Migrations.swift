/// The cache schema as append-only migrations: never edit one, add the next. `PRAGMA user_version`
/// holds how many have been applied.
let migrations: [(name: String, sql: String)] = [
    ("v1", """
        CREATE TABLE scores (
            key         TEXT PRIMARY KEY NOT NULL,   -- SHA-256 hex of everything that changes the score
            scorer      TEXT NOT NULL,               -- the scorer's fingerprint, for stats
            score       REAL NOT NULL,
            logit       REAL,
            tokens      INTEGER CHECK (tokens IS NULL OR tokens >= 0),
            truncated   INTEGER NOT NULL CHECK (truncated IN (0, 1)),
            seconds     REAL NOT NULL,
            created_at  REAL NOT NULL                -- seconds since 1970; informational, never rendered
        ) WITHOUT ROWID;
        CREATE INDEX scores_by_scorer ON scores (scorer);
        """),
    ("v2", """
        CREATE TABLE file_digests (
            path        TEXT PRIMARY KEY NOT NULL,   -- a model file's real path (links resolved)
            size        INTEGER NOT NULL CHECK (size >= 0),
            device      INTEGER NOT NULL,            -- st_dev, st_ino (bit patterns)
            inode       INTEGER NOT NULL,
            mtime_ns    INTEGER NOT NULL,            -- nanoseconds since 1970
            ctime_ns    INTEGER NOT NULL,
            sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
            hashed_at   REAL NOT NULL                -- seconds since 1970; informational
        ) WITHOUT ROWID;
        """),
    ("v3", """
        CREATE TABLE runs (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,  -- order of the runs
            record      TEXT NOT NULL                       -- one run as JSON (RerankCore.HistoryRun)
        );
        """),
]

/// Columns of `scores` after the last migration, in order; a file whose table differs is foreign.
let expectedScoreColumns = ["key", "scorer", "score", "logit", "tokens", "truncated", "seconds", "created_at"]

/// Applies the migrations the file lacks in one write transaction (so two builds opening the same
/// new file migrate it once), then checks the table is the one this tool expects.
func migrate(_ db: SQLiteDatabase) throws {
    try db.transaction(immediate: true, step: "migrate") {
        let version = try db.integer("PRAGMA user_version", step: "migrate")
        if version > migrations.count {
            throw CacheFileIdentity.newerSchema(db.path, version: version)
        }
        if version == 0 {
            let tables = try db.integer("SELECT count(*) FROM sqlite_schema", step: "migrate")
            if tables > 0 {
                throw CacheError(path: db.path, step: "migrate",
                                 message: "it is another program's SQLite database (it holds tables that are not "
                                    + "rerank-site's), so it is left as it is: give `cache:` (or --cache) another file name")
            }
        }
        for index in version..<migrations.count {
            try db.execute(migrations[index].sql, step: "migrate \(migrations[index].name)")
        }
        try db.execute("PRAGMA user_version = \(migrations.count)", step: "migrate")
    }
    let statement = try db.prepare("SELECT name FROM pragma_table_info('scores') ORDER BY cid", step: "check schema")
    var columns: [String] = []
    while try statement.step() { columns.append(statement.text(0)) }
    guard columns == expectedScoreColumns else {
        throw CacheError(path: db.path, step: "check schema",
                         message: "table scores has columns \(columns), expected \(expectedScoreColumns)",
                         isUnusableFile: true)
    }
}
