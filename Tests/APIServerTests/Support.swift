import APIServer
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest

/// A deterministic engine: a score from byte sums, a token count from lengths; optionally slow,
/// and failing for the query "explode".
final class FakeEngine: RerankEngine, @unchecked Sendable {
    let modelName = "fake/Fake-Reranker"
    private let delay: Double
    private let lock = NSLock()
    private var batches: [[Int]] = []

    init(delay: Double = 0) { self.delay = delay }

    static func expected(instruction: String?, query: String, document: String) -> EngineScore {
        func sum(_ s: String) -> Int { s.utf8.reduce(0) { $0 + Int($1) } }
        let i = sum(instruction ?? "default instruction")
        let value = Double((i * 7 + sum(query) * 31 + sum(document)) % 1009) / 1009.0
        return EngineScore(score: value, tokens: (query.utf8.count + document.utf8.count) / 4 + 10)
    }

    func score(instruction: String?, query: String, documents: [String]) async throws -> [EngineScore] {
        if query == "explode" { throw NSError(domain: "FakeEngine", code: 7, userInfo: [NSLocalizedDescriptionKey: "boom"]) }
        return documents.map { Self.expected(instruction: instruction, query: query, document: $0) }
    }

    func score(batch: [EngineRequest]) async throws -> [[EngineScore]] {
        lock.withLock { batches.append(batch.map(\.documents.count)) }
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        var out: [[EngineScore]] = []
        for request in batch {
            out.append(try await score(instruction: request.instruction, query: request.query, documents: request.documents))
        }
        return out
    }

    /// Documents per engine request, per batch, in the order batches ran.
    var batchLog: [[Int]] { lock.withLock { batches } }
}

/// Collects the server's log lines.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// A parsed HTTP response.
struct RawResponse {
    var status: Int
    var headers: [String: String]
    var body: Data
    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    var object: [String: Any] { (json as? [String: Any]) ?? [:] }
    var error: [String: Any] { (object["error"] as? [String: Any]) ?? [:] }
    /// Typed decoding: JSONSerialization on Linux does not read doubles exactly; JSONDecoder does.
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
}

struct RerankOut: Decodable {
    struct Result: Decodable {
        struct Text: Decodable { var text: String }
        var index: Int
        var relevance_score: Double
        var document: Text?
    }
    struct Usage: Decodable { var prompt_tokens: Int; var total_tokens: Int }
    var id: String
    var model: String
    var usage: Usage
    var results: [Result]
}

struct TEIOut: Decodable {
    var index: Int
    var score: Double
    var text: String?
}

struct ScoreOut: Decodable {
    struct Item: Decodable { var index: Int; var score: Double }
    var data: [Item]
}

/// A blocking HTTP/1.1 client over a plain socket, so tests can send anything at all and see
/// exactly what comes back. Each call blocks a thread of its own, never one of Swift's cooperative pool.
enum RawHTTP {
    /// Sends `bytes` in pieces with pauses, then reads until the server closes or `readTimeout`.
    static func exchange(port: Int, pieces: [[UInt8]], pause: Double = 0, readTimeout: Double = 10) async -> Data {
        // A thread of its own: blocking a dispatch worker would starve the server's tasks,
        // which run on the same small pool on Linux.
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: exchangeBlocking(port: port, pieces: pieces, pause: pause, readTimeout: readTimeout))
            }
            thread.start()
        }
    }

    static func exchangeBlocking(port: Int, pieces: [[UInt8]], pause: Double, readTimeout: Double) -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return Data() }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return Data() }
        var timeout = timeval(tv_sec: Int(readTimeout), tv_usec: Int((readTimeout - Double(Int(readTimeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        for (n, piece) in pieces.enumerated() {
            if n > 0 && pause > 0 { usleep(UInt32(pause * 1e6)) }
            var sent = 0
            while sent < piece.count {
                let result = piece[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if result <= 0 { break }
                sent += result
            }
            if sent < piece.count { break }
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return received
    }

    static func parse(_ data: Data) -> RawResponse? {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1."),
              let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[split.upperBound...])
        if let length = headers["content-length"].flatMap(Int.init), body.count > length { body = body.prefix(length) }
        return RawResponse(status: status, headers: headers, body: body)
    }

    static func request(_ method: String, _ path: String, body: Data? = nil, extraHeaders: String = "") -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(extraHeaders)"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + Array(body ?? Data())
    }

    /// One request and its parsed response (status 0 when the server closed without one).
    static func send(port: Int, _ method: String, _ path: String, json: Any? = nil, raw: Data? = nil) async -> RawResponse {
        var body = raw
        if let json { body = try? JSONSerialization.data(withJSONObject: json) }
        let reply = await exchange(port: port, pieces: [request(method, path, body: body)])
        return parse(reply) ?? RawResponse(status: 0, headers: [:], body: reply)
    }
}

/// A server over a fake engine on a free port, with small limits.
final class TestServer {
    let server: APIServer
    let engine: FakeEngine
    let log = LogLines()
    private(set) var port = 0

    init(delay: Double = 0, configure: (inout APIServerConfig) -> Void = { _ in }) async throws {
        var config = APIServerConfig(host: "127.0.0.1", port: 0, maxBatchTokens: 4_096, maxBatchDocuments: 64,
                                     maxDocuments: 50, maxBodyBytes: 64 << 10, readTimeoutSeconds: 1,
                                     maxQueuedDocuments: 5_000, shutdownGraceSeconds: 10, eventLoopThreads: 2)
        configure(&config)
        engine = FakeEngine(delay: delay)
        let log = self.log
        server = APIServer(engine: engine, config: config, log: { log.add($0) })
        port = try await server.start()
    }

    func stop() async { await server.shutdown() }
}
