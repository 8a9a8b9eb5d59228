import Checksum
import Foundation
import Qwen3
import RerankCore
import XCTest
@testable import RerankSite

/// The same bytes give the same model identity in a hub snapshot (files linked to blobs named by
/// their SHA-256) and in a plain folder; a snapshot's weights are then known without reading them.
final class ModelFingerprintTests: XCTestCase {
    /// Counts what reaches the memo: only files that had to be hashed.
    final class CountingMemo: FileDigestMemo, @unchecked Sendable {
        private let lock = NSLock()
        private var asked: [String] = []
        func rememberedDigest(for stamp: FileStamp) throws -> String? {
            lock.lock(); asked.append(URL(fileURLWithPath: stamp.path).lastPathComponent); lock.unlock()
            return nil
        }
        func remember(_ digest: String, for stamp: FileStamp) throws {}
        var names: [String] { lock.lock(); defer { lock.unlock() }; return asked.sorted() }
    }

    func testSnapshotAndPlainCopyShareAnIdentityAndBlobsAreNotRead() throws {
        let fixture = try TestProject.fixtureModel("tied-bf16")
        let root = try temporaryFolder("fingerprint")
        let plain = root.appendingPathComponent("plain")
        try FileManager.default.copyItem(at: fixture, to: plain)

        // A hub cache: the large files as blobs named by SHA-256 (LFS), config.json as a plain file.
        let repo = root.appendingPathComponent("hub/models--org--tiny")
        let blobs = repo.appendingPathComponent("blobs")
        let snapshot = repo.appendingPathComponent("snapshots/" + String(repeating: "c", count: 40))
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        var sha: [String: String] = [:]
        for name in ["model.safetensors", "tokenizer.json"] {
            sha[name] = try FileDigests.hashContents(of: plain.appendingPathComponent(name).path)
            try FileManager.default.copyItem(at: plain.appendingPathComponent(name), to: blobs.appendingPathComponent(sha[name] ?? ""))
        }
        try await_(0.05)
        for (name, sha) in sha {
            try FileManager.default.createSymbolicLink(atPath: snapshot.appendingPathComponent(name).path,
                                                       withDestinationPath: "../../blobs/" + sha)
        }
        try FileManager.default.copyItem(at: plain.appendingPathComponent("config.json"),
                                         to: snapshot.appendingPathComponent("config.json"))

        let plainIdentity = try modelFingerprint(folder: plain, digests: FileDigests()).value
        let memo = CountingMemo()
        let snapshotIdentity = try modelFingerprint(folder: snapshot, digests: FileDigests(memo: memo)).value
        XCTAssertEqual(snapshotIdentity, plainIdentity, "the same bytes, the same identity")
        XCTAssertEqual(memo.names, ["config.json"], "the LFS blobs are known by name, not read")

        // A fine-tune saved through the snapshot's link rewrites the blob: the name lies, so it is read.
        try await_(0.05)
        let weights = snapshot.appendingPathComponent("model.safetensors")
        let handle = try FileHandle(forWritingTo: weights)
        try handle.seek(toOffset: 100_000)
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 64))
        try handle.close()
        let rewritten = try modelFingerprint(folder: snapshot, digests: FileDigests(memo: memo)).value
        XCTAssertNotEqual(rewritten, plainIdentity)
        XCTAssertEqual(memo.names, ["config.json", "config.json", sha["model.safetensors"] ?? ""].sorted(), "the rewritten blob was read")
    }

    /// A model rewritten while the build uses it: the scorer fails instead of handing back scores
    /// that the cache would file under the old fingerprint.
    func testModelChangedDuringTheBuildFailsTheScorer() async throws {
        let fixture = try TestProject.fixtureModel("tied-bf16")
        let root = try temporaryFolder("fingerprint")
        let model = root.appendingPathComponent("model")
        try FileManager.default.copyItem(at: fixture, to: model)
        let identity = try modelFingerprint(folder: model, digests: FileDigests())
        let scorer = Qwen3Scorer(id: "q", folder: model, identity: identity, options: RerankerOptions(maxLength: 256))
        let request = ScoreRequest(instruction: "Find the answer", query: "battery life", documents: ["two days", "a charger"])
        _ = try await scorer.score([request])   // unchanged: scores come back

        try await Task.sleep(nanoseconds: 20_000_000)
        let config = model.appendingPathComponent("config.json")
        try Data(contentsOf: config).write(to: config)   // the same bytes, written again
        do {
            _ = try await scorer.score([request])
            XCTFail("scores from a model that changed under the build")
        } catch {
            XCTAssertTrue("\(error)".contains("config.json: the model file changed while the build was using it"), "\(error)")
        }
    }

    private func await_(_ seconds: Double) throws { Thread.sleep(forTimeInterval: seconds) }
}
