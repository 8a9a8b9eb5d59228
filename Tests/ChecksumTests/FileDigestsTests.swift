import Foundation
import XCTest
import Checksum
#if canImport(Glibc)
import Glibc
#endif

/// A memo in memory, keyed like the score cache's table.
final class MemoryMemo: FileDigestMemo, @unchecked Sendable {
    private let lock = NSLock()
    private var digests: [String: (FileStamp, String)] = [:]
    func rememberedDigest(for stamp: FileStamp) throws -> String? {
        lock.lock(); defer { lock.unlock() }
        guard let (remembered, digest) = digests[stamp.path], remembered == stamp else { return nil }
        return digest
    }
    func remember(_ digest: String, for stamp: FileStamp) throws {
        lock.lock(); digests[stamp.path] = (stamp, digest); lock.unlock()
    }
    var count: Int { lock.lock(); defer { lock.unlock() }; return digests.count }
}

final class FileDigestsTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("file-digests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testDigestIsTheSHA256OfTheBytes() throws {
        let file = folder.appendingPathComponent("abc")
        try Data("abc".utf8).write(to: file)
        XCTAssertEqual(try FileDigests.hashContents(of: file.path),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Larger than one read: the same as hashing the bytes in one go.
        let big = folder.appendingPathComponent("big")
        let bytes = (0..<(4 << 20) + 13).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(bytes).write(to: big)
        XCTAssertEqual(try FileDigests.hashContents(of: big.path), SHA256.hex(bytes))
    }

    /// The hard case: the same size and the modification time set back, so only the change time
    /// (which nothing can set back) shows the rewrite.
    func testSameSizeRewriteWithRestoredMtimeIsRehashed() throws {
        let file = folder.appendingPathComponent("weights.bin")
        try Data(repeating: 1, count: 4096).write(to: file)
        let memo = MemoryMemo()
        let digests = FileDigests(memo: memo, racyWindowNanoseconds: 300_000_000)
        Thread.sleep(forTimeInterval: 0.4)   // older than the racy window, so it is remembered
        let first = try digests.sha256(ofFile: file.path)
        XCTAssertEqual(first.source, .hashed)
        XCTAssertEqual(memo.count, 1)
        XCTAssertEqual(try digests.sha256(ofFile: file.path).source, .remembered)
        XCTAssertEqual(try digests.sha256(ofFile: file.path).digest, first.digest)

        let original = try FileStamp.of(path: file.path)
        let handle = try FileHandle(forWritingTo: file)
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([2, 3, 4]))
        try handle.close()
        var times = [timespec(tv_sec: Int(original.modifiedNanoseconds / 1_000_000_000),
                              tv_nsec: Int(original.modifiedNanoseconds % 1_000_000_000)),
                     timespec(tv_sec: Int(original.modifiedNanoseconds / 1_000_000_000),
                              tv_nsec: Int(original.modifiedNanoseconds % 1_000_000_000))]
        XCTAssertEqual(utimensat(AT_FDCWD, file.path, &times, 0), 0)
        let rewritten = try FileStamp.of(path: file.path)
        XCTAssertEqual(rewritten.size, original.size)
        XCTAssertEqual(rewritten.modifiedNanoseconds, original.modifiedNanoseconds)

        let second = try digests.sha256(ofFile: file.path)
        XCTAssertEqual(second.source, .hashed)
        XCTAssertNotEqual(second.digest, first.digest)
        XCTAssertEqual(second.digest, try FileDigests.hashContents(of: file.path))
    }

    func testReplacedFileIsRehashed() throws {
        let file = folder.appendingPathComponent("tokenizer.json")
        try Data("{\"a\": 1}".utf8).write(to: file)
        let memo = MemoryMemo()
        let digests = FileDigests(memo: memo, racyWindowNanoseconds: 0)
        let first = try digests.sha256(ofFile: file.path)
        // A new file of the same size renamed over the old one: another inode.
        let other = folder.appendingPathComponent("new")
        try Data("{\"a\": 2}".utf8).write(to: other)
        XCTAssertEqual(rename(other.path, file.path), 0)
        let second = try digests.sha256(ofFile: file.path)
        XCTAssertEqual(second.source, .hashed)
        XCTAssertNotEqual(second.digest, first.digest)
    }

    func testFreshFileIsNotRemembered() throws {
        let file = folder.appendingPathComponent("fresh")
        try Data("x".utf8).write(to: file)
        let memo = MemoryMemo()
        let digests = FileDigests(memo: memo, racyWindowNanoseconds: 60_000_000_000)
        XCTAssertEqual(try digests.sha256(ofFile: file.path).source, .hashed)
        XCTAssertEqual(try digests.sha256(ofFile: file.path).source, .hashed)
        XCTAssertEqual(memo.count, 0)
    }

    func testMissingFileNamesItsPath() throws {
        let file = folder.appendingPathComponent("absent.safetensors")
        XCTAssertThrowsError(try FileDigests().sha256(ofFile: file.path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("absent.safetensors"), text)
            XCTAssertTrue(text.contains("No such file"), text)
        }
    }
}
