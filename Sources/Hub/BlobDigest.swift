import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension HubCache {
    /// The SHA-256 of a snapshot file, read from its blob's name without reading the file: in the
    /// hub cache a file stored with Git LFS (weights, large tokenizers) is a symbolic link to
    /// `blobs/<sha256 of its bytes>`. Nil when the file is not such a link, or when the blob was
    /// modified after the link was made (a fine-tune saved through the snapshot's link rewrites the
    /// blob in place, and its name then lies): the caller hashes the bytes instead. Small files
    /// (git blobs named by SHA-1) are not recognised; hashing them costs nothing.
    public static func lfsBlobDigest(of file: URL) -> String? {
        var link = stat()
        guard lstat(file.path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK else { return nil }
        guard let real = realpath(file.path, nil) else { return nil }
        defer { free(real) }
        let blob = URL(fileURLWithPath: String(cString: real))
        let name = blob.lastPathComponent
        guard blob.deletingLastPathComponent().lastPathComponent == "blobs", name.utf8.count == 64,
              name.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        var target = stat()
        guard stat(blob.path, &target) == 0, (target.st_mode & S_IFMT) == S_IFREG else { return nil }
        // The blob is complete before its link is made, so an untouched blob is never newer than
        // the link (its change time moves with any write, and no tool can set it back).
        func ns(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec) }
        let linked = ns(link.st_mtim)
        guard ns(target.st_mtim) <= linked, ns(target.st_ctim) <= linked else { return nil }
        return name
    }
}
