import Checksum
import Foundation

/// What a rerank server says about the model it serves, for the scorer's cache fingerprint: a new
/// model, revision or precision behind the same endpoint must not reuse old scores.
///
/// - text-embeddings-inference: `GET /info` → `model_id`, `model_sha` (the hub revision), `model_dtype`.
/// - vLLM, llama.cpp: `GET /v1/models` → each model's `id` and `root` (vLLM: the path or hub id it
///   loaded), and llama.cpp's `meta` (parameter count, file size, vocabulary, context, width).
///   Fields that change on every call (`created`) are left out.
///
/// A server that answers neither (404, not JSON, another shape, or no answer) has no identity, and
/// its fingerprint stays what it was before servers were asked, so its cached scores stay valid.
enum ServerIdentity {
    /// The routes asked, relative to the server's root.
    static let routes = ["/info", "/v1/models"]

    /// A route of the server: the endpoint's URL with its rerank route (`/v1/rerank`, `/rerank`)
    /// replaced by `route`. The query string stays: a server that wants `?token=` on its rerank
    /// route wants it on the others too.
    static func url(of route: String, endpoint: URL) -> URL? {
        guard var parts = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else { return nil }
        var path = parts.percentEncodedPath
        for suffix in ["/v1/rerank", "/rerank"] where path.hasSuffix(suffix) {
            path = String(path.dropLast(suffix.count))
            break
        }
        parts.percentEncodedPath = path + route
        return parts.url
    }

    /// The stable facts of one route's JSON answer as sorted `key=value` lines; nil when there are none.
    static func facts(route: String, json: Data) -> [String]? {
        guard let object = try? JSONSerialization.jsonObject(with: json) else { return nil }
        var facts: [String] = []
        switch route {
        case "/info":
            guard let info = object as? [String: Any] else { return nil }
            for key in ["model_id", "model_sha", "model_dtype"] {
                if let value = info[key], !(value is NSNull) { facts.append("info.\(key)=\(canonical(value))") }
            }
        default:
            guard let list = (object as? [String: Any])?["data"] as? [[String: Any]] else { return nil }
            for model in list {
                guard let id = model["id"] as? String else { continue }
                var line = "model id=\(id)"
                if let root = model["root"] as? String { line += " root=\(root)" }
                if let meta = model["meta"] { line += " meta=\(canonical(meta))" }
                facts.append(line)
            }
        }
        return facts.isEmpty ? nil : facts.sorted()
    }

    /// JSON text with sorted keys, so the same facts always hash alike.
    static func canonical(_ value: Any) -> String {
        if let string = value as? String { return string }
        guard JSONSerialization.isValidJSONObject([value]),
              let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys, .fragmentsAllowed])
        else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    /// What a server said: the digest that joins the fingerprint, and the facts a card shows.
    struct Answer: Sendable {
        var digest: String
        var served: ServedModel
    }

    /// Asks the server; a short digest of what it says and the model it names, or nil when it
    /// says nothing usable. `requested` is the scorer's `model:` (which of several models).
    static func probe(endpoint: URL, headers: [String: String], transport: HTTPTransport, timeout: Double,
                      requested: String = "") async -> Answer? {
        var facts: [String] = []
        var answers: [String: Any] = [:]
        for route in routes {
            guard let url = url(of: route, endpoint: endpoint),
                  let reply = try? await transport.get(url: url, headers: headers, timeout: timeout),
                  reply.status == 200, let found = Self.facts(route: route, json: reply.body) else { continue }
            facts += found
            answers[route] = try? JSONSerialization.jsonObject(with: reply.body)
        }
        guard !facts.isEmpty else { return nil }
        return Answer(digest: String(SHA256.hex(facts.joined(separator: "\n")).prefix(16)),
                      served: ServedModel.read(info: answers["/info"], models: answers["/v1/models"], requested: requested))
    }
}
