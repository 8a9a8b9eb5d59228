import Foundation
import XCTest
import Hub
#if canImport(Glibc)
import Glibc
#endif

/// A snapshot's LFS files are known by their blob's name, unless the blob was rewritten after it
/// was linked.
final class BlobDigestTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("blob-digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    let sha = "3a9c6a8b4f5e1d2c0b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a"

    /// blobs/<sha> and snapshots/<commit>/model.safetensors → ../../blobs/<sha>, made in that order.
    func makeSnapshot() throws -> (link: URL, blob: URL) {
        let repo = root.appendingPathComponent("models--org--m")
        let blobs = repo.appendingPathComponent("blobs")
        let snapshot = repo.appendingPathComponent("snapshots/" + String(repeating: "e", count: 40))
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        let blob = blobs.appendingPathComponent(sha)
        try Data(repeating: 7, count: 64).write(to: blob)
        let link = snapshot.appendingPathComponent("model.safetensors")
        Thread.sleep(forTimeInterval: 0.02)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../../blobs/" + sha)
        return (link, blob)
    }

    func testLinkToAnLFSBlobGivesItsName() throws {
        let (link, _) = try makeSnapshot()
        XCTAssertEqual(HubCache.lfsBlobDigest(of: link), sha)
    }

    func testBlobRewrittenThroughTheLinkIsNotTrusted() throws {
        let (link, _) = try makeSnapshot()
        Thread.sleep(forTimeInterval: 0.02)
        // What `save_pretrained` into the snapshot folder does: open the link for writing.
        let handle = try FileHandle(forWritingTo: link)
        try handle.write(contentsOf: Data([1, 2, 3]))
        try handle.close()
        XCTAssertNil(HubCache.lfsBlobDigest(of: link))
    }

    func testPlainFilesAndOtherLinksAreNotBlobs() throws {
        let (link, blob) = try makeSnapshot()
        XCTAssertNil(HubCache.lfsBlobDigest(of: blob), "the blob itself is not a link")
        let plain = link.deletingLastPathComponent().appendingPathComponent("config.json")
        try Data("{}".utf8).write(to: plain)
        XCTAssertNil(HubCache.lfsBlobDigest(of: plain))
        let elsewhere = root.appendingPathComponent("weights.bin")
        try Data("w".utf8).write(to: elsewhere)
        let other = link.deletingLastPathComponent().appendingPathComponent("other.safetensors")
        try FileManager.default.createSymbolicLink(atPath: other.path, withDestinationPath: elsewhere.path)
        XCTAssertNil(HubCache.lfsBlobDigest(of: other), "a link outside blobs/")
        XCTAssertNil(HubCache.lfsBlobDigest(of: root.appendingPathComponent("absent")))
    }
}
