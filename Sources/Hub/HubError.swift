import Foundation

/// Everything that can go wrong finding or downloading a model. Each case names the URL, file or
/// folder involved; none ever carries the access token.
public enum HubError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// A hub model that is not in the cache, and downloading was not allowed or is switched off.
    case notCached(id: String, revision: String?, cache: String, offline: Bool)
    /// An HTTP error from the hub; `code` is the hub's X-Error-Code when it sent one.
    case http(status: Int, url: String, code: String?, message: String?)
    /// The request failed below HTTP (refused, timed out, connection lost).
    case network(url: String, reason: String)
    /// The hub answered without a header it always sends.
    case missingHeader(url: String, header: String)
    /// The hub answered something that is not what its API returns.
    case badResponse(url: String, reason: String)
    /// A downloaded file whose bytes do not hash to the hub's etag.
    case checksumMismatch(file: String, url: String, expected: String, actual: String)
    /// A downloaded file whose length is not the one the hub announced.
    case sizeMismatch(file: String, url: String, expected: Int64, actual: Int64)
    /// The repository lacks files every reranker needs.
    case notAModel(id: String, revision: String, missing: [String])
    /// A local model folder that does not exist or has no config.json.
    case notAModelFolder(path: String, reason: String)
    /// A revision that cannot name a ref file (empty, absolute, or with `..`).
    case invalidRevision(String)
    /// A file name from the hub that would leave the snapshot folder.
    case unsafeFileName(String)
    /// A file system operation in the cache failed.
    case fileSystem(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case let .notCached(id, revision, cache, offline):
            let rev = revision.map { " --revision \($0)" } ?? ""
            let why = offline ? " and HF_HUB_OFFLINE is set, so it cannot be downloaded" : ""
            return "model \(id)\(revision.map { "@\($0)" } ?? "") is not in the Hugging Face cache (\(cache))\(why); "
                + "run `rerank-site models pull \(id)\(rev)`\(offline ? " with network access" : "")"
        case let .http(status, url, code, message):
            let detail = [code, message].compactMap { $0 }.joined(separator: ": ")
            let suffix = detail.isEmpty ? "" : " (\(detail))"
            switch status {
            case 401, 403:
                return "HTTP \(status) from \(url)\(suffix): the model does not exist, or it is private or gated "
                    + "and needs an access token: set HF_TOKEN to a token that can read it"
            case 404:
                let what = code == "EntryNotFound" ? "file" : code == "RevisionNotFound" ? "revision" : "model or revision"
                return "HTTP 404 from \(url)\(suffix): \(what) not found on the hub"
            default:
                return "HTTP \(status) from \(url)\(suffix)"
            }
        case let .network(url, reason):
            return "request to \(url) failed: \(reason)"
        case let .missingHeader(url, header):
            return "response from \(url) has no \(header) header; is HF_ENDPOINT a Hugging Face Hub?"
        case let .badResponse(url, reason):
            return "unexpected response from \(url): \(reason)"
        case let .checksumMismatch(file, url, expected, actual):
            return "\(file) downloaded from \(url) is corrupt: its hash is \(actual), the hub says \(expected); "
                + "the partial file was removed, run the pull again"
        case let .sizeMismatch(file, url, expected, actual):
            return "\(file) downloaded from \(url) has \(actual) bytes, the hub says \(expected)"
        case let .notAModel(id, revision, missing):
            return "\(id) at \(revision) is not a usable model: it lacks \(missing.joined(separator: ", "))"
        case let .notAModelFolder(path, reason):
            return "model folder \(path): \(reason)"
        case let .invalidRevision(revision):
            return "\"\(revision)\" is not a revision: give a branch, tag or commit hash"
        case let .unsafeFileName(name):
            return "the hub listed a file named \"\(name)\", which would land outside the snapshot folder"
        case let .fileSystem(path, operation, reason):
            return "\(operation) \(path) failed: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
