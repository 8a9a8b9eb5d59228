import Checksum
import Foundation
import Hub
import Qwen3

/// A model folder's identity for score-cache fingerprints, without loading it: SHA-256 over the name
/// and content digest of every file the engine reads (config.json, tokenizer.json, the safetensors
/// index and every shard), so weights or a tokenizer rewritten in place change it even when their
/// size and headers do not. Reading gigabytes on every build is avoided twice over: a hub snapshot's
/// LFS files are named by their SHA-256 (`HubCache.lfsBlobDigest`), and other files' digests are
/// remembered in the score cache by path, size, inode, mtime and ctime (`FileDigests`). The same bytes
/// give the same identity in a hub snapshot or a plain copy of it.
func modelFingerprint(folder: URL, digests: FileDigests) throws -> ModelFingerprint {
    let names: [String]
    do { names = try Qwen3Reranker.inputFiles(folder: folder) } catch {
        throw BuildError(.badInput, step: "model", "\(error)")
    }
    return try modelFingerprint(folder: folder, files: names, tag: "qwen3-model-files/v2", digests: digests)
}

/// The same over a given list of files (relative to the folder, sorted), under a tag naming the
/// model family, so that encoder and reranker folders never share an identity by accident.
func modelFingerprint(folder: URL, files names: [String], tag: String, digests: FileDigests) throws -> ModelFingerprint {
    let files = names.map { folder.appendingPathComponent($0) }
    // Shards are hashed side by side: a changed 8B model is read at the disks' pace, not one core's.
    let results = ResultSlots<Result<(stamp: FileStamp, digest: String), Error>>(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
        results[i] = Result {
            let stamp = try FileStamp.of(path: files[i].path)
            if let blob = HubCache.lfsBlobDigest(of: files[i]) { return (stamp, blob) }
            return (stamp, try digests.sha256(ofFile: files[i].path).digest)
        }
    }
    var hasher = SHA256()
    hasher.update("\(tag)\n")
    var stamps: [FileStamp] = []
    for (name, result) in zip(names, results.values) {
        guard let result else { continue }
        let file: (stamp: FileStamp, digest: String)
        do { file = try result.get() } catch {
            throw BuildError(.badInput, step: "model", "\(error)")
        }
        hasher.update("\(name.utf8.count):\(name) \(file.digest)\n")
        stamps.append(file.stamp)
    }
    return ModelFingerprint(value: "sha256:" + String(hasher.hexDigest().prefix(32)), stamps: stamps)
}

/// A model's identity and the stamps of the files it was computed from, so that a scorer can tell
/// that the files changed while the build was using them (a fine-tune saving into the folder).
struct ModelFingerprint: Sendable {
    let value: String
    let stamps: [FileStamp]

    /// Throws when a file's stamp is no longer the one its digest was taken at: scores computed
    /// now may come from other bytes than the fingerprint says, so none may be cached.
    func checkUnchanged(scorer: String) throws {
        for stamp in stamps where (try? FileStamp.of(path: stamp.path)) != stamp {
            throw BuildError(.scorerFailed, step: "score \(scorer)",
                             "\(stamp.path): the model file changed while the build was using it; build again once it is written")
        }
    }
}

/// Slots written by concurrent workers, one each.
private final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    subscript(i: Int) -> T? {
        get { lock.lock(); defer { lock.unlock() }; return slots[i] }
        set { lock.lock(); slots[i] = newValue; lock.unlock() }
    }
    var values: [T?] { lock.lock(); defer { lock.unlock() }; return slots }
}
