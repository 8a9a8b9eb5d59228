import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive flock(2) on `.locks/models--ORG--NAME/<etag>.lock`, the lock file huggingface_hub
/// (filelock's UnixFileLock) takes for the same blob, so the two never write one blob at once.
final class FileLock {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    static func acquire(_ url: URL) async throws -> FileLock {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw HubError.fileSystem(path: url.path, operation: "creating the folder of", reason: "\(error)")
        }
        let fd = open(url.path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw HubError.fileSystem(path: url.path, operation: "opening", reason: String(cString: strerror(errno)))
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw HubError.fileSystem(path: url.path, operation: "locking", reason: reason)
            }
            do {
                try await Task.sleep(nanoseconds: 100_000_000)  // another process holds it; poll like filelock
            } catch {
                close(fd)
                throw error
            }
        }
        return FileLock(fd: fd)
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
