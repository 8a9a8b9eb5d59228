import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer: status, headers with lower-cased names, body.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data
}

/// Sends one POST or GET. Throws only for transport failures (refused, reset, timed out); any
/// HTTP status comes back as a reply.
protocol HTTPTransport: Sendable {
    func post(url: URL, headers: [String: String], body: Data, timeout: Double) async throws -> HTTPReply
    func get(url: URL, headers: [String: String], timeout: Double) async throws -> HTTPReply
}

/// URLSession (curl on Linux): speaks HTTPS, keeps connections alive between chunks.
final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // URLSession is thread-safe; it is created once and never mutated.
    private let session: URLSession

    init(timeout: Double, maxConnections: Int) {
        let configuration = URLSessionConfiguration.ephemeral
        // curl on Linux counts these in whole seconds (0.5 becomes "now"); the exact
        // per-attempt limit is enforced in `post`, these only back it up.
        let backstop = (timeout + 1).rounded(.up)
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        configuration.httpMaximumConnectionsPerHost = maxConnections
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    func post(url: URL, headers: [String: String], body: Data, timeout: Double) async throws -> HTTPReply {
        try await perform(method: "POST", url: url, headers: headers, body: body, timeout: timeout)
    }

    func get(url: URL, headers: [String: String], timeout: Double) async throws -> HTTPReply {
        try await perform(method: "GET", url: url, headers: headers, body: nil, timeout: timeout)
    }

    private func perform(method: String, url: URL, headers: [String: String], body: Data?, timeout: Double) async throws -> HTTPReply {
        try await withThrowingTaskGroup(of: HTTPReply.self) { group in
            group.addTask { try await self.send(method: method, url: url, headers: headers, body: body, timeout: timeout) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                throw TransportTimeout(seconds: timeout)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw TransportTimeout(seconds: timeout) }
            return first
        }
    }

    private func send(method: String, url: URL, headers: [String: String], body: Data?, timeout: Double) async throws -> HTTPReply {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: (timeout + 1).rounded(.up))
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let box = TaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPReply, Error>) in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                        return
                    }
                    guard let http = response as? HTTPURLResponse else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                        return
                    }
                    var headers: [String: String] = [:]
                    for (key, value) in http.allHeaderFields {
                        if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
                    }
                    continuation.resume(returning: HTTPReply(status: http.statusCode, headers: headers, body: data ?? Data()))
                }
                box.set(task)
                task.resume()
            }
        } onCancel: {
            box.cancel()
        }
    }
}

/// One attempt took longer than the configured timeout.
struct TransportTimeout: Error, CustomStringConvertible {
    var seconds: Double
    var description: String { "no complete response within \(seconds) s" }
}

/// Holds a data task so that cancellation from another thread can reach it.
private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func set(_ task: URLSessionDataTask) {
        lock.lock(); defer { lock.unlock() }
        self.task = task
        if cancelled { task.cancel() }
    }

    func cancel() {
        lock.lock(); defer { lock.unlock() }
        cancelled = true
        task?.cancel()
    }
}
