import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A finished request: the final response and, for small bodies, the bytes.
struct HTTPAnswer {
    let status: Int
    let url: URL
    /// Header names lowercased.
    let headers: [String: String]
    let body: Data

    init(_ response: HTTPURLResponse, body: Data) {
        status = response.statusCode
        url = response.url ?? URL(fileURLWithPath: "/")
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let k = key as? String, let v = value as? String { headers[k.lowercased()] = v }
        }
        self.headers = headers
        self.body = body
    }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The hub's error for a status of 400 and up, with its X-Error-Code and X-Error-Message.
    func httpError(for requested: URL) -> HubError {
        .http(status: status, url: requested.absoluteString, code: header("X-Error-Code"), message: header("X-Error-Message"))
    }
}
