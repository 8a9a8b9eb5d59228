import Checksum
import Foundation

/// An `http` scorer's endpoint, split into what may be shown and what may not.
///
/// The rule: anything shown (the site, data files, history, messages on stderr) is scheme, host,
/// port and path; the query string and any `user:password@` are never shown. The query string
/// still reaches the fingerprint, as a SHA-256 digest, because a changed query (`?model=…`) may
/// change what the server computes; userinfo never does. Userinfo is sent as HTTP Basic
/// authentication, never in the URL.
public struct EndpointAddress: Hashable, Sendable {
    /// Where requests go: scheme, host, port, path and query; no userinfo, no fragment.
    public let requestURL: URL
    /// `scheme://host[:port]/path`, safe to print and publish.
    public let shown: String
    /// SHA-256 (hex) of the query string as written; nil without one.
    public let queryDigest: String?
    /// `Basic …` for a `user[:password]@` in the address; nil without one.
    let basicAuthorization: String?
    /// Texts of the address that must never be shown, for blanking in a server's echo: the user,
    /// the password, the query string and each of its values of three characters or more (as
    /// written and decoded), and the Basic credentials.
    let secrets: [String]

    /// Parses an http(s) endpoint; a bare host (`http://h:8000` or `http://h:8000/`) gets
    /// `defaultPath`. Messages never repeat the text, which may hold a secret.
    public init(_ text: String, defaultPath: String) throws {
        guard var parts = URLComponents(string: text),
              let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parts.host, !host.isEmpty
        else {
            throw HTTPScorerError.invalidConfig(field: "endpoint", message: "must be an http:// or https:// URL")
        }
        if parts.percentEncodedPath.isEmpty || parts.percentEncodedPath == "/" { parts.percentEncodedPath = defaultPath }
        var secrets: [String] = []
        if let user = parts.user {
            let pair = user + ":" + (parts.password ?? "")
            let encoded = Data(pair.utf8).base64EncodedString()
            basicAuthorization = "Basic " + encoded
            secrets += [user, parts.password ?? "", parts.percentEncodedUser ?? "", parts.percentEncodedPassword ?? "", encoded]
        } else {
            basicAuthorization = nil
        }
        if let query = parts.percentEncodedQuery, !query.isEmpty {
            secrets.append(query)
            for item in parts.queryItems ?? [] { secrets.append(item.value ?? "") }
            for item in query.split(separator: "&") {
                if let eq = item.firstIndex(of: "=") { secrets.append(String(item[item.index(after: eq)...])) }
            }
        }
        self.secrets = Array(Set(secrets.filter { $0.count >= 3 })).sorted()
        parts.user = nil
        parts.password = nil
        parts.fragment = nil
        let query = parts.percentEncodedQuery
        queryDigest = (query?.isEmpty ?? true) ? nil : SHA256.hex(query ?? "")
        guard let url = parts.url else {
            throw HTTPScorerError.invalidConfig(field: "endpoint", message: "is not a valid URL")
        }
        requestURL = url
        parts.percentEncodedQuery = nil
        shown = parts.string ?? "\(scheme)://\(host)"
    }

    /// Host and port only (`127.0.0.1:8000`), for a model card.
    public var host: String {
        let parts = URLComponents(url: requestURL, resolvingAgainstBaseURL: false)
        let name = parts?.percentEncodedHost ?? ""
        return parts?.port.map { "\(name):\($0)" } ?? name
    }

    /// The endpoint's identity in a fingerprint: the shown address, and the query string's digest.
    var fingerprintText: String {
        shown + (queryDigest.map { " query=sha256:" + $0 } ?? "")
    }
}

/// An address as it may be shown in a message: scheme, host, port and path, without userinfo,
/// query or fragment, found by text alone (for addresses that do not even parse).
public func shownAddress(_ text: String) -> String {
    var rest = Substring(text)
    if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
    if let schemeEnd = rest.range(of: "://") {
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = rest[authorityStart...].firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[authorityStart..<authorityEnd].lastIndex(of: "@") {
            rest = Substring(String(rest[..<authorityStart]) + String(rest[rest.index(after: at)...]))
        }
    } else if let at = rest.lastIndex(of: "@") {
        rest = rest[rest.index(after: at)...]
    }
    return String(rest)
}
