import Foundation

/// Every failure the API server reports, each with its HTTP status and the
/// `{"error": {"message", "type", "code"}}` body clients see.
public enum APIError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The body is not JSON.
    case invalidJSON(String)
    /// A field is missing, has the wrong type or an unusable value.
    case invalidField(field: String, message: String)
    case tooManyDocuments(count: Int, limit: Int)
    case bodyTooLarge(limit: Int)
    case routeNotFound(path: String)
    case methodNotAllowed(method: String, path: String, allowed: [String])
    case modelNotFound(requested: String, served: String)
    /// The queue already holds as much work as the server accepts.
    case busy(queued: Int)
    /// The request did not arrive in full within the read timeout.
    case readTimeout(seconds: Double)
    /// The client went away while its request waited; only the log sees this.
    case clientClosedRequest
    case engine(message: String)

    public var status: Int {
        switch self {
        case .invalidJSON, .invalidField: return 400
        case .tooManyDocuments, .bodyTooLarge: return 413
        case .routeNotFound, .modelNotFound: return 404
        case .methodNotAllowed: return 405
        case .readTimeout: return 408
        case .busy: return 503
        case .clientClosedRequest: return 499   // nginx's code for it
        case .engine: return 500
        }
    }

    public var type: String {
        switch self {
        case .invalidJSON, .invalidField: return "invalid_request_error"
        case .tooManyDocuments, .bodyTooLarge: return "request_too_large"
        case .routeNotFound, .modelNotFound: return "not_found_error"
        case .methodNotAllowed: return "method_not_allowed"
        case .readTimeout: return "request_timeout"
        case .busy: return "server_busy"
        case .clientClosedRequest: return "client_closed_request"
        case .engine: return "server_error"
        }
    }

    public var code: String {
        switch self {
        case .invalidJSON: return "invalid_json"
        case .invalidField: return "invalid_field"
        case .tooManyDocuments: return "too_many_documents"
        case .bodyTooLarge: return "body_too_large"
        case .routeNotFound: return "route_not_found"
        case .modelNotFound: return "model_not_found"
        case .methodNotAllowed: return "method_not_allowed"
        case .readTimeout: return "read_timeout"
        case .busy: return "queue_full"
        case .clientClosedRequest: return "client_closed"
        case .engine: return "engine_failed"
        }
    }

    public var description: String {
        switch self {
        case let .invalidJSON(detail): return "request body is not valid JSON: \(detail)"
        case let .invalidField(field, message): return "field '\(field)' \(message)"
        case let .tooManyDocuments(count, limit): return "\(count) documents; this server takes at most \(limit) per request"
        case let .bodyTooLarge(limit): return "request body exceeds \(limit) bytes"
        case let .routeNotFound(path): return "no route \(path); routes: POST /v1/rerank, /rerank, /v2/rerank, /v1/score, /score, /v1/embeddings, /embeddings; GET /v1/models, /health"
        case let .methodNotAllowed(method, path, allowed): return "\(method) is not allowed on \(path); use \(allowed.joined(separator: ", "))"
        case let .modelNotFound(requested, served): return "model '\(requested)' is not served here; this server serves '\(served)'"
        case let .busy(queued): return "server busy: \(queued) documents already queued; retry later"
        case let .readTimeout(seconds): return "request not received in full within \(seconds) seconds"
        case .clientClosedRequest: return "the client closed the connection before its answer was ready"
        case let .engine(message): return "scoring failed: \(message)"
        }
    }

    /// The JSON error body.
    var body: Data {
        let object = ["error": ["message": description, "type": type, "code": code]]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
            ?? Data(#"{"error":{"message":"error","type":"server_error","code":"unknown"}}"#.utf8)
    }
}
