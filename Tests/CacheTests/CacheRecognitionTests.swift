import CSQLite
import Foundation
import XCTest
@testable import Cache
import RerankCore

/// A file at the cache path is opened only when it is a cache of ours; anything else is refused,
/// left byte-identical, and the refusal says why in plain words naming the path.
final class CacheRecognitionTests: XCTestCase {
    var folder: URL!
    var path: URL { folder.appendingPathComponent("cache.sqlite") }

    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws {
        _ = chmod(folder.path, 0o755)
        try? FileManager.default.removeItem(at: folder)
    }

    /// Opens `url`, expecting a refusal; returns its message after checking it is plain.
    func refusal(_ url: URL, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try ScoreCache(path: url)
            XCTFail("\(url.path) was opened", file: file, line: line)
            return ""
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains(url.path), "the message must name the path: \(text)", file: file, line: line)
            for leak in ["SQLite code", "Error Domain", "NSError", "NSCocoa", "errno", "CacheError("] {
                XCTAssertFalse(text.contains(leak), "internals in the message: \(text)", file: file, line: line)
            }
            XCTAssertEqual(ScoreCache.problem(at: url), text, "the up-front check says the same", file: file, line: line)
            return text
        }
    }

    func siblings() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    func testFilesThatAreNotDatabasesAreRefusedAndLeftAsTheyAre() throws {
        for bytes in [Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 13) }),
                      Data("title: my project\noutput: site\n".utf8)] {
            try bytes.write(to: path)
            let text = refusal(path)
            XCTAssertTrue(text.contains("not an SQLite database"), text)
            XCTAssertEqual(try Data(contentsOf: path), bytes)
            XCTAssertEqual(try siblings(), ["cache.sqlite"], "nothing may be moved aside or created")
        }
    }

    func testAnotherProgramsDatabaseIsRefusedAndLeftAsItIs() throws {
        do {
            let db = try SQLiteDatabase(path: path.path)
            try db.execute("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')", step: "test")
        }
        let before = try Data(contentsOf: path)
        XCTAssertTrue(refusal(path).contains("another program's SQLite database (tables: notes)"))
        XCTAssertEqual(try Data(contentsOf: path), before)
        XCTAssertEqual(try siblings(), ["cache.sqlite"])

        // One that carries another application id is refused from its header alone.
        let other = folder.appendingPathComponent("other.sqlite")
        do {
            let db = try SQLiteDatabase(path: other.path)
            try db.execute("PRAGMA application_id = 42; CREATE TABLE scores (key TEXT)", step: "test")
        }
        XCTAssertTrue(refusal(other).contains("application id 42"))
    }

    func testNewerSchemaOfOursIsRefusedNotMoved() throws {
        do {
            _ = try ScoreCache(path: path)
            let db = try SQLiteDatabase(path: path.path)
            try db.execute("PRAGMA user_version = 99", step: "test")
        }
        XCTAssertTrue(refusal(path).contains("newer rerank-site"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path.path + ".corrupt-1"))
    }

    func testCacheOfAnEarlierVersionIsOpenedAndMarkedAsOurs() throws {
        do {
            let db = try SQLiteDatabase(path: path.path)
            try db.execute("PRAGMA journal_mode = WAL", step: "test")
            try db.execute(migrations[0].sql + "PRAGMA user_version = 1;", step: "test")
            try db.execute("INSERT INTO scores VALUES ('k', 's', 0.5, NULL, NULL, 0, 0.1, 0)", step: "test")
            XCTAssertEqual(try db.integer("PRAGMA application_id", step: "test"), 0)
        }
        let cache = try ScoreCache(path: path)
        XCTAssertEqual(try cache.lookup(keys: ["k"])["k"]?.score, 0.5)
        XCTAssertTrue(cache.warnings.isEmpty, "\(cache.warnings)")
        let db = try SQLiteDatabase(path: path.path)
        XCTAssertEqual(try db.integer("PRAGMA application_id", step: "test"), Int(CacheFileIdentity.applicationID))
    }

    func testNewCacheCarriesOurApplicationIDInItsHeader() throws {
        do { _ = try ScoreCache(path: path) }
        XCTAssertEqual(try CacheFileIdentity.inspect(path.path), .ours)
        XCTAssertNil(ScoreCache.problem(at: path))
    }

    func testEmptyFileBecomesANewCache() throws {
        _ = FileManager.default.createFile(atPath: path.path, contents: Data())
        let cache = try ScoreCache(path: path)
        try cache.store([(key: "k", scorer: "s", score: PairScore(score: 1))])
        XCTAssertEqual(try cache.stats().totalRows, 1)
    }

    func testFolderAtTheCachePathIsSaidInPlainWords() throws {
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        let text = refusal(path)
        XCTAssertTrue(text.contains("is a folder, not a file"), text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path.path), [])
    }

    func testFileWhereAFolderBelongsIsSaidInPlainWords() throws {
        let notes = folder.appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: notes)
        let text = refusal(notes.appendingPathComponent("sub/cache.sqlite"))
        XCTAssertTrue(text.contains("\(notes.path) is a file"), text)
        XCTAssertEqual(try Data(contentsOf: notes), Data("keep me".utf8))
    }

    func testReadOnlyFolderIsSaidInPlainWords() throws {
        var locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        XCTAssertEqual(chmod(locked.path, 0o555), 0)
        defer { _ = chmod(folder.appendingPathComponent("locked").path, 0o755) }
        if access(locked.path, W_OK) == 0 {
            // Root writes into a 0555 folder; a read-only mount shows the same case where there is one.
            locked = URL(fileURLWithPath: "/proc/sys")
            try XCTSkipIf(access(locked.path, W_OK) == 0, "no read-only folder to try as root")
        }
        let url = locked.appendingPathComponent("cache.sqlite")
        do { _ = try ScoreCache(path: url); XCTFail("opened in a read-only folder") } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains("read-only") && text.contains(locked.path), text)
            XCTAssertFalse(text.contains("SQLite code"), text)
        }
    }

    func testSQLiteCodesBecomeWords() {
        let busy = CacheError(path: "/p/cache.sqlite", step: "store", code: SQLITE_BUSY, message: "database is locked")
        XCTAssertEqual(busy.description, "cache /p/cache.sqlite: another process kept the cache locked for more than 60 s")
        let readOnly = CacheError(path: "/p/c", step: "store", code: SQLITE_READONLY | (1 << 8), message: "attempt to write a readonly database")
        XCTAssertEqual(readOnly.description, "cache /p/c: the cache file or its folder is read-only")
    }

    /// Opening a new file that another connection is reading (before it is in WAL mode) waits for
    /// the reader instead of failing: the switch to WAL needs the file to itself.
    func testOpeningWaitsForAReaderOfANewFile() throws {
        let reader = try SQLiteDatabase(path: path.path)
        try reader.execute("BEGIN; SELECT count(*) FROM sqlite_schema;", step: "test")
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            try? reader.execute("COMMIT", step: "test")
            released.signal()
        }
        let cache = try ScoreCache(path: path)
        released.wait()
        try cache.store([(key: "k", scorer: "s", score: PairScore(score: 1))])
        XCTAssertEqual(try cache.stats().totalRows, 1)
    }

    /// Many connections set up one new file at once (the processes test in RerankSiteTests is
    /// the one that races as builds do).
    func testManyConnectionsOpenOneNewFileAtOnce() throws {
        for round in 0..<10 {
            let url = folder.appendingPathComponent("new-\(round).sqlite")
            let errors = ErrorBox()
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                do {
                    let cache = try ScoreCache(path: url)
                    try cache.store([(key: "w\(worker)", scorer: "s", score: PairScore(score: Double(worker)))])
                } catch {
                    errors.append(error)
                }
            }
            XCTAssertEqual(errors.all.map { "\($0)" }, [], "round \(round)")
            XCTAssertEqual(try ScoreCache(path: url).stats().totalRows, 8)
        }
    }
}
