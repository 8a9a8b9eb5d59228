import Foundation

/// The run history (table `runs`): one JSON record per build whose results differed from the
/// previous one's. Append only; `cache clear` leaves it alone.
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
