import Foundation

/// The run history (table `runs`): one JSON record per build whose results differed from the
/// previous one's. Records are appended, and older ones may be replaced by a shorter form of the
/// same run (`replaceHistoryRecords`, which the history uses to drop old per-case facts); none is
/// deleted, and `cache clear` leaves them alone.
extension ScoreCache {
    /// Every run record, oldest first.
    public func historyRecords() throws -> [String] {
        try locked {
            let db = try database()
            let statement = try db.prepare("SELECT record FROM runs ORDER BY seq", step: "read history")
            var out: [String] = []
            while try statement.step() { out.append(statement.text(0)) }
            return out
        }
    }

    /// Every run record with its number (its place in the order), oldest first.
    public func numberedHistoryRecords() throws -> [(number: Int, record: String)] {
        try locked {
            let db = try database()
            let statement = try db.prepare("SELECT seq, record FROM runs ORDER BY seq", step: "read history")
            var out: [(Int, String)] = []
            while try statement.step() { out.append((statement.int(0), statement.text(1))) }
            return out
        }
    }

    /// Replaces the records with these numbers by the given text, in one transaction.
    public func replaceHistoryRecords(_ records: [(number: Int, record: String)]) throws {
        guard !records.isEmpty else { return }
        try locked {
            let db = try database()
            try db.transaction(immediate: true, step: "record history") {
                let update = try db.prepare("UPDATE runs SET record = ? WHERE seq = ?", step: "record history")
                for (number, record) in records {
                    defer { update.reset() }
                    try update.bind(1, record)
                    try update.bind(2, number)
                    _ = try update.step()
                }
            }
        }
    }

    /// Appends the records, in order, in one transaction.
    public func appendHistory(_ records: [String]) throws {
        guard !records.isEmpty else { return }
        try locked {
            let db = try database()
            try db.transaction(immediate: true, step: "record history") {
                let insert = try db.prepare("INSERT INTO runs (record) VALUES (?)", step: "record history")
                for record in records {
                    defer { insert.reset() }
                    try insert.bind(1, record)
                    _ = try insert.step()
                }
            }
        }
    }
}
