#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Remembers files' SHA-256 digests by their stamps across runs (the score cache keeps them), so an
/// unchanged multi-gigabyte file is never read twice.
public protocol FileDigestMemo: Sendable {
    /// The digest remembered for exactly this stamp (path, size, device, inode, mtime, ctime), if any.
    func rememberedDigest(for stamp: FileStamp) throws -> String?
    /// Remembers `digest` for the stamp's path, replacing what was remembered for that path.
    func remember(_ digest: String, for stamp: FileStamp) throws
}

/// Where a digest came from.
public enum DigestSource: Sendable, Equatable {
    case remembered, hashed
}

/// SHA-256 of whole files, through a memo when there is one.
///
/// A digest is remembered only when the file was last touched at least `racyWindowNanoseconds`
/// before it was hashed (git's "racy clean" rule): a rewrite within the same tick of the file-system
/// clock as the previous one could leave size, mtime and ctime all as they were, but not one that
/// comes a whole window later. Such a fresh file is hashed again each time until it has aged.
/// A memo that fails costs a rehash, never a wrong digest.
public struct FileDigests: Sendable {
    public var memo: FileDigestMemo?
    public var racyWindowNanoseconds: Int64

    public init(memo: FileDigestMemo? = nil, racyWindowNanoseconds: Int64 = 2_000_000_000) {
        self.memo = memo
        self.racyWindowNanoseconds = racyWindowNanoseconds
    }

    /// The file's SHA-256 (hex), and whether it was read or remembered.
    public func sha256(ofFile path: String) throws -> (digest: String, source: DigestSource) {
        var before = try FileStamp.of(path: path)
        if let memo, let digest = try? memo.rememberedDigest(for: before) { return (digest, .remembered) }
        // A file that changes while it is read is read again; its digest would mix two versions.
        for _ in 0..<3 {
            let digest = try Self.hashContents(of: before.path)
            let after = try FileStamp.of(path: path)
            if after == before {
                if let memo, nowNanoseconds() - after.lastTouchedNanoseconds >= racyWindowNanoseconds {
                    try? memo.remember(digest, for: after)
                }
                return (digest, .hashed)
            }
            before = after
        }
        throw FileDigestError(path: path, "kept changing while it was read; is something still writing it?")
    }

    /// SHA-256 of the file's bytes, read in large sequential chunks.
    public static func hashContents(of path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileDigestError(path: path, errnoCode: errno, "cannot open") }
        defer { close(fd) }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let chunk = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let n = read(fd, buffer, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileDigestError(path: path, errnoCode: errno, "cannot read")
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: buffer, count: n))
        }
        return hasher.hexDigest()
    }
}
