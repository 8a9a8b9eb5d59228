#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What `stat` says of a file, to the nanosecond: enough to tell that its bytes are unchanged
/// without reading them. A rewrite in place changes the change time (`ctime`, which no tool can set
/// back, unlike `mtime`); a replacement changes the inode.
public struct FileStamp: Hashable, Sendable {
    /// The file's real path (symbolic links resolved).
    public var path: String
    public var size: Int64
    public var device: UInt64
    public var inode: UInt64
    /// Nanoseconds since 1970.
    public var modifiedNanoseconds: Int64
    public var changedNanoseconds: Int64

    public init(path: String, size: Int64, device: UInt64, inode: UInt64,
                modifiedNanoseconds: Int64, changedNanoseconds: Int64) {
        self.path = path; self.size = size; self.device = device; self.inode = inode
        self.modifiedNanoseconds = modifiedNanoseconds; self.changedNanoseconds = changedNanoseconds
    }

    /// The stamp of the regular file at `path` (links followed).
    public static func of(path: String) throws -> FileStamp {
        guard let real = realpath(path, nil) else { throw FileDigestError(path: path, errnoCode: errno, "cannot resolve") }
        defer { free(real) }
        let resolved = String(cString: real)
        var info = stat()
        guard stat(resolved, &info) == 0 else { throw FileDigestError(path: path, errnoCode: errno, "cannot stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw FileDigestError(path: path, "is not a regular file") }
        return FileStamp(path: resolved, size: Int64(info.st_size), device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
                         modifiedNanoseconds: nanoseconds(info.st_mtim), changedNanoseconds: nanoseconds(info.st_ctim))
    }

    /// The later of the modification and change times, nanoseconds since 1970.
    public var lastTouchedNanoseconds: Int64 { max(modifiedNanoseconds, changedNanoseconds) }
}

func nanoseconds(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec) }

/// Now, nanoseconds since 1970, from the clock file times come from.
func nowNanoseconds() -> Int64 {
    var t = timespec()
    clock_gettime(CLOCK_REALTIME, &t)
    return nanoseconds(t)
}
