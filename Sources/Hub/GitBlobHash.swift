import Checksum
import Foundation

/// Git's object id for a file: SHA-1 over "blob <size>\0" and the bytes (`git hash-object`).
/// The hub's etag of a small, non-LFS file is this hash; huggingface_hub's `hf cache verify`
/// checks small files the same way (utils/sha.py git_hash).
struct GitBlobHash {
    private var sha = SHA1()

    init(size: Int64) {
        sha.update(Array("blob \(size)\0".utf8))
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) { sha.update(bytes) }

    func hexDigest() -> String { sha.hexDigest() }

    /// The git blob hash of a whole file, read in 1 MiB chunks.
    static func ofFile(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        var hash = GitBlobHash(size: Int64(size))
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hash.update($0) }
        }
        return hash.hexDigest()
    }
}
