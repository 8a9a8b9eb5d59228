import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A read-only memory map of a whole file, unmapped when released.
final class MappedFile: @unchecked Sendable {
    let path: String
    let base: UnsafeRawPointer
    let size: Int

    init(path: String) throws {
        self.path = path
        // Non-blocking, so that a FIFO in the model's place is refused instead of waiting for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        if fd < 0 { throw CheckpointError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw CheckpointError(file: path, "cannot stat: \(String(cString: strerror(errno)))") }
        if (info.st_mode & S_IFMT) != S_IFREG { throw CheckpointError(file: path, "is not a regular file") }
        size = Int(info.st_size)
        if size == 0 { throw CheckpointError(file: path, "file is empty") }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw CheckpointError(file: path, "cannot map: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(p)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }
}
