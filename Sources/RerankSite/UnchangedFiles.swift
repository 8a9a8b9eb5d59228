import Foundation

/// Files of the site being replaced that the new site has again, byte for byte, are hard-linked
/// into the new site instead of written. Creating a file costs the kernel a new inode, and on
/// ext4 a folder that is replaced whole at every build makes that search longer with each build
/// (it steps over the inodes the last build freed): most of the write step of a 2,000-page rebuild.
/// A link shares the old file's inode, which the old site then lets go of when it is removed.
///
/// The old site is only read: a file is linked only when it is a plain file of this user with one
/// link, the mode new files get, and the same bytes; and only when the link made is that very file.
/// Anything else (a file changed, gone, replaced while we looked) is written as before.
struct UnchangedFiles {
    /// The site being replaced.
    let oldSite: URL
    /// The mode a file created in the new site has (0644 less the umask), read from one made there.
    let mode: mode_t

    /// Links `oldSite/path` to `url` when it holds exactly `bytes`; false when nothing was linked.
    func link(_ path: String, bytes: [UInt8], to url: URL) -> Bool {
        let old = oldSite.appendingPathComponent(path).path
        let fd = open(old, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1,
              info.st_uid == geteuid(), info.st_mode & 0o7777 == mode, info.st_size == bytes.count,
              Self.holds(fd, bytes)
        else { return false }
        guard Foundation.link(old, url.path) == 0 else { return false }
        // The name may have been given to another file between the read and the link.
        var linked = stat()
        if lstat(url.path, &linked) == 0, linked.st_ino == info.st_ino, linked.st_dev == info.st_dev { return true }
        unlink(url.path)
        return false
    }

    /// Whether reading `fd` to its end gives exactly `bytes`: read in 64 KiB pieces, each compared
    /// with memcmp, so a 20 MB file costs no 20 MB buffer.
    private static func holds(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        let piece = 1 << 16
        var buffer = [UInt8](repeating: 0, count: piece)
        return bytes.withUnsafeBytes { expected -> Bool in
            buffer.withUnsafeMutableBytes { raw -> Bool in
                guard let base = raw.baseAddress else { return false }
                var offset = 0
                while true {
                    let n = read(fd, base, piece)
                    if n < 0 && errno == EINTR { continue }
                    guard n >= 0 else { return false }
                    if n == 0 { return offset == expected.count }
                    guard offset + n <= expected.count, let want = expected.baseAddress,
                          memcmp(base, want + offset, n) == 0 else { return false }
                    offset += n
                }
            }
        }
    }
}
