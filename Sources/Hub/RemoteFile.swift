import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the hub says about one file of a revision (the HEAD on its resolve URL), read as
/// huggingface_hub's get_hf_file_metadata reads it.
struct RemoteFile {
    let name: String
    /// The resolve URL.
    let url: URL
    /// Where the bytes are fetched from: the resolve URL, or the CDN URL it redirects to.
    let downloadURL: URL
    let commit: String
    /// X-Linked-Etag (LFS: the sha256) or ETag (git sha1), without quotes or W/.
    let etag: String
    /// X-Linked-Size, else Content-Length of an answer that is not a redirect.
    let size: Int64?

    /// Whether the etag is a SHA-256 (LFS files) rather than a git SHA-1.
    var isSHA256: Bool { etag.utf8.count == 64 && etag.utf8.allSatisfy(Self.isHex) }
    var isGitSHA1: Bool { etag.utf8.count == 40 && etag.utf8.allSatisfy(Self.isHex) }

    private static func isHex(_ c: UInt8) -> Bool { (48...57).contains(c) || (97...102).contains(c) }

    /// ETag: W/"abc" or "abc" → abc (huggingface_hub's _normalize_etag).
    static func normalizeEtag(_ raw: String) -> String {
        var s = Substring(raw.trimmingCharacters(in: .whitespaces))
        if s.hasPrefix("W/") { s = s.dropFirst(2) }
        return s.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// Reads the metadata headers of a HEAD answer; 3xx answers lend their Location.
    init(name: String, url: URL, answer: HTTPAnswer) throws {
        let source = url.absoluteString
        guard let commit = answer.header("X-Repo-Commit"), !commit.isEmpty else {
            throw HubError.missingHeader(url: source, header: "X-Repo-Commit")
        }
        guard let rawEtag = answer.header("X-Linked-Etag") ?? answer.header("ETag") else {
            throw HubError.missingHeader(url: source, header: "ETag")
        }
        let etag = Self.normalizeEtag(rawEtag)
        guard !etag.isEmpty, !etag.contains("/"), !etag.hasPrefix(".") else {
            throw HubError.badResponse(url: source, reason: "etag \"\(rawEtag)\" cannot name a blob file")
        }
        let isRedirect = (300..<400).contains(answer.status)
        var downloadURL = answer.url
        if isRedirect, let location = answer.header("Location"), let target = URL(string: location, relativeTo: answer.url) {
            downloadURL = target.absoluteURL
        }
        self.name = name
        self.url = url
        self.downloadURL = downloadURL
        self.commit = commit
        self.etag = etag
        self.size = (answer.header("X-Linked-Size") ?? (isRedirect ? nil : answer.header("Content-Length"))).flatMap { Int64($0) }
    }
}
