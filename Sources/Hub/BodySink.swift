import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where a response body goes as it arrives. `begin` sees the status and headers first and says
/// whether to take the body; a throw from either call cancels the request with that error.
protocol BodySink: AnyObject {
    func begin(_ response: HTTPURLResponse) throws -> Bool
    func write(_ data: Data) throws
}

/// Keeps a small body in memory (JSON answers, error bodies), refusing more than `limit` bytes.
final class MemorySink: BodySink {
    private(set) var data = Data()
    let limit: Int
    let url: URL

    init(url: URL, limit: Int = 32 << 20) {
        self.url = url
        self.limit = limit
    }

    func begin(_ response: HTTPURLResponse) throws -> Bool { true }

    func write(_ chunk: Data) throws {
        guard data.count + chunk.count <= limit else {
            throw HubError.badResponse(url: url.absoluteString, reason: "body larger than \(limit) bytes")
        }
        data.append(chunk)
    }
}
