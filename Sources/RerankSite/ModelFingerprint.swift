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
func modelIdentity(folder: URL, digests: FileDigests) throws -> String {
    let names: [String]
    do { names = try Qwen3Reranker.inputFiles(folder: folder) } catch {
        throw BuildError(.badInput, step: "model", "\(error)")
    }
    let files = names.map { folder.appendingPathComponent($0) }
    // Shards are hashed side by side: a changed 8B model is read at the disks' pace, not one core's.
    let results = ResultSlots<Result<String, Error>>(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
        results[i] = Result {
            if let blob = HubCache.lfsBlobDigest(of: files[i]) { return blob }
            return try digests.sha256(ofFile: files[i].path).digest
        }
    }
    var hasher = SHA256()
    hasher.update("qwen3-model-files/v2\n")
    for (name, result) in zip(names, results.values) {
        guard let result else { continue }
        let digest: String
        do { digest = try result.get() } catch {
            throw BuildError(.badInput, step: "model", "\(error)")
        }
        hasher.update("\(name.utf8.count):\(name) \(digest)\n")
    }
    return "sha256:" + String(hasher.hexDigest().prefix(32))
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
