import Foundation

/// Everything that can go wrong when scoring through a remote rerank server. Each case says
/// which URL (credentials removed) and, for HTTP failures, the status and the start of the body.
/// No case ever holds the API key.
public enum HTTPScorerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A configuration field is out of range or inconsistent.
    case invalidConfig(field: String, message: String)
    /// The named environment variable that should hold the API key is unset or empty.
    case missingAPIKey(variable: String)
    /// The server answered with a status that is not retried (a 4xx other than 429), or the
    /// retries ran out on a 429 or 5xx.
    case httpStatus(url: String, status: Int, body: String, attempts: Int)
    /// The connection failed or timed out on every attempt.
    case transport(url: String, message: String, attempts: Int)
    /// The server answered 2xx with a body that does not fit the request: unparseable,
    /// wrong count, indices out of range or repeated, scores not finite.
    case badResponse(url: String, message: String, body: String)

    public var description: String {
        switch self {
        case let .invalidConfig(field, message):
            return "http scorer: config field '\(field)' \(message)"
        case let .missingAPIKey(variable):
            return "http scorer: environment variable \(variable) (api_key_env) is not set or empty"
        case let .httpStatus(url, status, body, attempts):
            return "http scorer: \(url) answered HTTP \(status) after \(attempts) attempt(s): \(body)"
        case let .transport(url, message, attempts):
            return "http scorer: \(url) failed after \(attempts) attempt(s): \(message)"
        case let .badResponse(url, message, body):
            return "http scorer: \(url) sent a response that does not match the request: \(message); body: \(body)"
        }
    }
}

/// Shortens a body for an error message and blanks any occurrence of a secret (longest first, so
/// a secret that holds another is blanked whole).
func excerpt(_ body: String, hiding secrets: [String], limit: Int = 300) -> String {
    var text = body
    for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
        text = text.replacingOccurrences(of: secret, with: "***")
    }
    text = text.replacingOccurrences(of: "\n", with: " ")
    if text.count > limit { text = String(text.prefix(limit)) + "…" }
    return text
}
