import Foundation
import XCTest
@testable import Cache
import Checksum
import RerankCore

/// Model files' digests remembered in the score cache's file.
final class FileDigestMemoTests: XCTestCase {
    var folder: URL!
    var path: URL { folder.appendingPathComponent("cache.sqlite") }
    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    let stamp = FileStamp(path: "/models/m/model.safetensors", size: 16_000_000_000, device: UInt64.max - 3,
                          inode: 1 << 63, modifiedNanoseconds: 1_764_000_000_123_456_789,
                          changedNanoseconds: 1_764_000_000_987_654_321)
    let digest = String(repeating: "ab", count: 32)

    func testRemembersOnlyTheExactStamp() throws {
        let cache = try ScoreCache(path: path)
        XCTAssertNil(try cache.rememberedDigest(for: stamp))
        try cache.remember(digest, for: stamp)
        XCTAssertEqual(try cache.rememberedDigest(for: stamp), digest)
        // Survives reopening: it is in the file.
        XCTAssertEqual(try ScoreCache(path: path).rememberedDigest(for: stamp), digest)
        var changed = stamp; changed.changedNanoseconds += 1
        XCTAssertNil(try cache.rememberedDigest(for: changed), "a ctime one nanosecond later is another file")
        var moved = stamp; moved.inode -= 1
        XCTAssertNil(try cache.rememberedDigest(for: moved))
        var resized = stamp; resized.size += 1
        XCTAssertNil(try cache.rememberedDigest(for: resized))
        // One row per path: the newer digest replaces the older.
        let other = String(repeating: "cd", count: 32)
        try cache.remember(other, for: changed)
        XCTAssertNil(try cache.rememberedDigest(for: stamp))
        XCTAssertEqual(try cache.rememberedDigest(for: changed), other)
    }

    func testClearForgetsDigestsAndScores() throws {
        let cache = try ScoreCache(path: path)
        try cache.store([(key: "k", scorer: "s", score: PairScore(score: 1))])
        try cache.remember(digest, for: stamp)
        try cache.clear()
        XCTAssertNil(try cache.rememberedDigest(for: stamp))
        XCTAssertEqual(try cache.stats().totalRows, 0)
    }

    /// A cache written before the table existed (schema v1) gains it and keeps its scores.
    func testVersionOneCacheIsMigratedKeepingScores() throws {
        let db = try SQLiteDatabase(path: path.path)
        try db.execute(migrations[0].sql, step: "test")
        try db.execute("PRAGMA user_version = 1", step: "test")
        try db.execute("INSERT INTO scores VALUES ('k', 's', 0.5, NULL, NULL, 0, 0.1, 0)", step: "test")
        db.close()
        let cache = try ScoreCache(path: path)
        XCTAssertTrue(cache.warnings.isEmpty, "\(cache.warnings)")
        XCTAssertEqual(try cache.lookup(keys: ["k"])["k"]?.score, 0.5)
        try cache.remember(digest, for: stamp)
        XCTAssertEqual(try cache.rememberedDigest(for: stamp), digest)
    }
}
