import Checksum
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Appends one file's body to its `blobs/<etag>.incomplete`, hashing the bytes as they are
/// written (SHA-256, for LFS etags), so a finished file needs no second read.
final class BlobWriter: BodySink {
    let file: String
    let path: URL
    let expectedSize: Int64?
    private let handle: FileHandle
    private let hashesSHA256: Bool
    private(set) var sha256 = SHA256()
    /// Bytes in the .incomplete file.
    private(set) var written: Int64 = 0
    /// The offset the current request asked to start at (its Range), 0 for the whole file.
    private var requestedOffset: Int64 = 0
    private(set) var lastStatus = 0
    private let onBytes: (Int64) -> Void

    /// Opens (or creates) the partial file and hashes what an earlier run left in it.
    init(file: String, path: URL, expectedSize: Int64?, hashesSHA256: Bool, onBytes: @escaping (Int64) -> Void) throws {
        self.file = file
        self.path = path
        self.expectedSize = expectedSize
        self.hashesSHA256 = hashesSHA256
        self.onBytes = onBytes
        let fm = FileManager.default
        if !fm.fileExists(atPath: path.path) && !fm.createFile(atPath: path.path, contents: nil) {
            throw HubError.fileSystem(path: path.path, operation: "creating", reason: "cannot create the file")
        }
        do {
            handle = try FileHandle(forUpdating: path)
            let size = Int64(try handle.seekToEnd())
            if let expectedSize, size > expectedSize {
                try restart()  // longer than the file can be: not a prefix of it
            } else if size > 0 {
                try handle.seek(toOffset: 0)
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    if hashesSHA256 { chunk.withUnsafeBytes { sha256.update($0) } }
                    written += Int64(chunk.count)
                }
            }
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError.fileSystem(path: path.path, operation: "reading", reason: "\(error)")
        }
    }

    /// Sets the Range the next request asks for.
    func prepare(request: inout URLRequest) {
        requestedOffset = written
        if written > 0 { request.setValue("bytes=\(written)-", forHTTPHeaderField: "Range") }
    }

    func begin(_ response: HTTPURLResponse) throws -> Bool {
        lastStatus = response.statusCode
        switch response.statusCode {
        case 206:
            let range = response.value(forHTTPHeaderField: "Content-Range") ?? ""
            guard range.hasPrefix("bytes \(requestedOffset)-") else {
                throw HubError.badResponse(url: response.url?.absoluteString ?? "?",
                                           reason: "asked for bytes from \(requestedOffset), got Content-Range \"\(range)\"")
            }
            return true
        case 200:
            if written > 0 { try restart() }  // the server ignored our Range: start over
            return true
        default:
            return false
        }
    }

    func write(_ data: Data) throws {
        if let expectedSize, written + Int64(data.count) > expectedSize {
            throw HubError.sizeMismatch(file: file, url: path.path, expected: expectedSize, actual: written + Int64(data.count))
        }
        do { try handle.write(contentsOf: data) } catch {
            throw HubError.fileSystem(path: path.path, operation: "writing", reason: "\(error)")
        }
        if hashesSHA256 { data.withUnsafeBytes { sha256.update($0) } }
        written += Int64(data.count)
        onBytes(written)
    }

    /// Empties the partial file.
    func restart() throws {
        do {
            try handle.truncate(atOffset: 0)
        } catch {
            throw HubError.fileSystem(path: path.path, operation: "truncating", reason: "\(error)")
        }
        sha256 = SHA256()
        written = 0
        onBytes(0)
    }

    func close() throws {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw HubError.fileSystem(path: path.path, operation: "closing", reason: "\(error)")
        }
    }
}
