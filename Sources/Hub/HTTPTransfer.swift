import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request on its own URLSession, its body streamed to a sink through the delegate, so no
/// download is ever held in memory whole. Unchecked Sendable: the delegate calls arrive on one
/// serial queue, and the continuation, the one thing set from outside it, is behind `lock`.
final class HTTPTransfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let sink: BodySink
    private let followRedirects: Bool
    private let originalHost: String?
    private var response: HTTPURLResponse?
    private var failure: Error?
    private var continuation: CheckedContinuation<HTTPURLResponse, Error>?
    private let lock = NSLock()

    private init(sink: BodySink, followRedirects: Bool, originalHost: String?) {
        self.sink = sink
        self.followRedirects = followRedirects
        self.originalHost = originalHost
    }

    /// Runs `request`; returns the last response (a 3xx one when redirects are not followed).
    /// Transport failures become `HubError.network`; HTTP statuses are the caller's to judge.
    static func run(_ request: URLRequest, sink: BodySink, followRedirects: Bool) async throws -> HTTPURLResponse {
        let transfer = HTTPTransfer(sink: sink, followRedirects: followRedirects, originalHost: request.url?.host)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.timeoutIntervalForRequest = request.timeoutInterval
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: transfer, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { continuation in
            transfer.lock.lock()
            transfer.continuation = continuation
            transfer.lock.unlock()
            session.dataTask(with: request).resume()
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        guard let http = response as? HTTPURLResponse else {
            failure = HubError.badResponse(url: response.url?.absoluteString ?? "?", reason: "not an HTTP response")
            completionHandler(.cancel)
            return
        }
        self.response = http
        do {
            completionHandler(try sink.begin(http) ? .allow : .cancel)
        } catch {
            failure = error
            completionHandler(.cancel)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard failure == nil else { return }
        do { try sink.write(data) } catch {
            failure = error
            dataTask.cancel()
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        guard followRedirects else {
            self.response = response
            completionHandler(nil)
            return
        }
        // A redirect to another host (a CDN's signed URL) must not carry the hub token.
        var next = request
        if next.url?.host != originalHost { next.setValue(nil, forHTTPHeaderField: "Authorization") }
        completionHandler(next)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        guard let continuation else { return }
        let url = task.originalRequest?.url?.absoluteString ?? "?"
        if let failure {
            continuation.resume(throwing: failure)
        } else if let response, error == nil || (error as? URLError)?.code == .cancelled {
            // Cancelled by us after `begin` declined the body, or a redirect we chose not to follow.
            continuation.resume(returning: response)
        } else if let error {
            continuation.resume(throwing: HubError.network(url: url, reason: Self.describe(error)))
        } else {
            continuation.resume(throwing: HubError.badResponse(url: url, reason: "no response"))
        }
    }

    static func describe(_ error: Error) -> String {
        error is URLError ? plainWords(error) : error.localizedDescription
    }
}
