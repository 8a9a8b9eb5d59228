import Foundation
import XCTest
@testable import Cache
import RerankCore

final class ScoreCacheTests: XCTestCase {
    var folder: URL!
    var path: URL { folder.appendingPathComponent("cache.sqlite") }

    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func entries(_ n: Int, prefix: String, scorer: String = "s") -> [(key: String, scorer: String, score: PairScore)] {
        (0..<n).map { (key: "\(prefix)-\($0)", scorer: scorer, score: PairScore(score: Double($0))) }
    }

    func testStoreAndLookupRoundTrip() throws {
        let cache = try ScoreCache(path: path)
        let full = PairScore(score: 0.75, logit: 1.0986, tokens: 412, truncated: true, seconds: 0.5)
        let bare = PairScore(score: -3.5)
        try cache.store([(key: "k1", scorer: "s", score: full), (key: "k2", scorer: "s", score: bare)])
        let found = try cache.lookup(keys: ["k1", "k2", "missing", "k1"])
        XCTAssertEqual(found, ["k1": full, "k2": bare])
        XCTAssertEqual(try cache.lookup(keys: []), [:])
        XCTAssertTrue(cache.warnings.isEmpty)
        // Replacing a row keeps one row per key.
        try cache.store([(key: "k1", scorer: "s", score: bare)])
        XCTAssertEqual(try cache.lookup(keys: ["k1"])["k1"], bare)
        XCTAssertEqual(try cache.stats().totalRows, 2)
    }

    func testCreatesItsFolderWalModeAndSchemaVersion() throws {
        let nested = folder.appendingPathComponent(".rerank-site/cache.sqlite")
        _ = try ScoreCache(path: nested)
        XCTAssertTrue(FileManager.default.fileExists(atPath: nested.path))
        let db = try SQLiteDatabase(path: nested.path)
        XCTAssertEqual(try db.integer("PRAGMA user_version", step: "test"), migrations.count)
        let mode = try db.prepare("PRAGMA journal_mode", step: "test")
        XCTAssertTrue(try mode.step())
        XCTAssertEqual(mode.text(0), "wal")
        XCTAssertEqual(ScoreCache.defaultRelativePath, ".rerank-site/cache.sqlite")
    }

    func testStatsAndClear() throws {
        let cache = try ScoreCache(path: path)
        try cache.store(entries(3, prefix: "b", scorer: "bm25:k1=1.2,b=0.75,terms=v1")
                        + entries(2, prefix: "a", scorer: "original:1-i/n"))
        let stats = try cache.stats()
        XCTAssertEqual(stats.rowsByScorer, [ScorerRows(scorer: "bm25:k1=1.2,b=0.75,terms=v1", rows: 3),
                                            ScorerRows(scorer: "original:1-i/n", rows: 2)])
        XCTAssertEqual(stats.totalRows, 5)
        XCTAssertGreaterThan(stats.fileBytes, 0)
        XCTAssertEqual(stats.path, path.path)
        try cache.clear()
        XCTAssertEqual(try cache.stats().rowsByScorer, [])
        XCTAssertEqual(try cache.lookup(keys: ["a-0", "b-0"]), [:])
        try cache.store(entries(1, prefix: "c"))
        XCTAssertEqual(try cache.stats().totalRows, 1)
    }

    func testMalformedDatabaseImageIsMovedAsideAndRebuilt() throws {
        do {
            let cache = try ScoreCache(path: path)
            try cache.store(entries(500, prefix: "row"))
        }
        // Keep SQLite's 100-byte header, overwrite the pages after it.
        var bytes = try Data(contentsOf: path)
        XCTAssertGreaterThan(bytes.count, 4096)
        for i in 100..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        try bytes.write(to: path)

        let cache = try ScoreCache(path: path)
        XCTAssertEqual(cache.warnings.count, 1, "\(cache.warnings)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path.path + ".corrupt-1"))
        XCTAssertEqual(try cache.stats().totalRows, 0)
        try cache.store(entries(1, prefix: "fresh"))
        XCTAssertEqual(try cache.lookup(keys: ["fresh-0"]).count, 1)
    }

    func testTwoInstancesWriteConcurrently() throws {
        let first = try ScoreCache(path: path)
        let second = try ScoreCache(path: path)
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            let cache = worker == 0 ? first : second
            for batch in 0..<40 {
                do {
                    try cache.store(self.entries(25, prefix: "w\(worker)-b\(batch)"))
                    _ = try cache.lookup(keys: ["w\(1 - worker)-b\(batch)-0"])
                } catch {
                    errors.append(error)
                }
            }
        }
        XCTAssertEqual(errors.all.map { "\($0)" }, [])
        XCTAssertEqual(try first.stats().totalRows, 2 * 40 * 25)
        let keys = (0..<2).flatMap { w in (0..<40).map { "w\(w)-b\($0)-24" } }
        XCTAssertEqual(try second.lookup(keys: keys).count, 80)
        XCTAssertTrue(first.warnings.isEmpty && second.warnings.isEmpty)
    }
}

/// Errors collected from several threads.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func append(_ error: Error) { lock.lock(); errors.append(error); lock.unlock() }
    var all: [Error] { lock.lock(); defer { lock.unlock() }; return errors }
}
