#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Reads one case file's bytes, refusing anything but a regular file (opening a FIFO would wait
/// for a writer forever), with the cause in plain words when it cannot.
enum CaseFileReader {
    struct Failure: Error {
        var message: String
    }

    static func bytes(at path: String) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(message: CaseFolderScan.cause(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(Failure(message: CaseFolderScan.cause(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(Failure(message: "not a regular file; a case file must be a regular file"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return .success(bytes) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(message: CaseFolderScan.cause(errno)))
            }
            bytes += chunk[0..<count]
        }
    }
}
