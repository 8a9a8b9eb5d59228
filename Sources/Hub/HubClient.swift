import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads a model's reranker files into the hub cache from HF_ENDPOINT, the way
/// huggingface_hub's hf_hub_download does: HEAD each resolve URL for its commit, etag and size,
/// write blobs/<etag>.incomplete (resuming with Range), check it against the etag, rename it
/// into place, and link it from snapshots/<commit>/.
public struct HubClient: Sendable {
    public let environment: HubEnvironment
    public let cache: HubCache
    /// Retries of a file that stops arriving, as huggingface_hub's http_get (5, reset by progress).
    var maxRetries = 5
    var retryDelay: TimeInterval = 1

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = HubEnvironment(environment)
        cache = HubCache(root: self.environment.cacheRoot)
    }

    /// Downloads what is missing of `id` at `revision` (main when nil) and returns the snapshot
    /// folder. Offline (HF_HUB_OFFLINE) it returns a complete cached snapshot or fails.
    public func pull(id: String, revision: String?, progress: (@Sendable (DownloadProgress) -> Void)?) async throws -> URL {
        let revision = revision ?? "main"
        guard Self.isSafe(revision) else { throw HubError.invalidRevision(revision) }
        if environment.offline {
            if let folder = cache.snapshotFolder(id: id, revision: revision), RerankerFiles.missing(in: folder).isEmpty {
                return folder
            }
            throw HubError.notCached(id: id, revision: revision == "main" ? nil : revision,
                                     cache: cache.root.path, offline: true)
        }
        let (commit, listing) = try await fetchListing(id: id, revision: revision)
        let names = RerankerFiles.select(listing)
        for name in names where !Self.isSafe(name) { throw HubError.unsafeFileName(name) }
        let lacking = RerankerFiles.required.filter { !names.contains($0) }
            + (names.contains { $0.hasSuffix(".safetensors") } ? [] : ["*.safetensors weights"])
        guard lacking.isEmpty else { throw HubError.notAModel(id: id, revision: commit, missing: lacking) }

        let snapshot = cache.snapshotFolder(id: id, commit: commit)
        let pending = names.filter { !FileManager.default.fileExists(atPath: snapshot.appendingPathComponent($0).path) }
        var files: [RemoteFile] = []
        for name in pending { files.append(try await fetchMetadata(id: id, commit: commit, file: name)) }

        try makeFolder(snapshot)
        writeCacheDirTag()
        let sizes = files.map(\.size)
        let total: Int64? = sizes.contains { $0 == nil } ? nil : sizes.reduce(Int64(0)) { $0 + ($1 ?? 0) }
        var done: Int64 = 0
        for (index, file) in files.enumerated() {
            let base = done
            let report: (Int64) -> Void = { bytes in
                progress?(DownloadProgress(file: file.name, fileIndex: index + 1, fileCount: files.count,
                                           fileBytes: bytes, fileTotal: file.size,
                                           bytesDone: base + bytes, bytesTotal: total))
            }
            let blob = try await fetchBlob(id: id, file: file, report: report)
            try link(blob: blob, etag: file.etag, name: file.name, snapshot: snapshot)
            done += file.size ?? 0
        }
        if revision != commit { try writeRef(id: id, revision: revision, commit: commit) }
        let missing = RerankerFiles.missing(in: snapshot)
        guard missing.isEmpty else { throw HubError.notAModel(id: id, revision: commit, missing: missing) }
        return snapshot
    }

    // MARK: - Requests

    func request(_ url: URL, method: String, timeout: TimeInterval, auth: Bool = true) -> URLRequest {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")  // real sizes, as huggingface_hub asks
        request.setValue("rerank-site; hf_hub-compatible", forHTTPHeaderField: "User-Agent")
        if auth, let token = environment.token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return request
    }

    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    /// `{endpoint}/{id}/resolve/{rev}/{file}`, each part escaped (the file keeps its slashes).
    func resolveURL(id: String, revision: String, file: String) throws -> URL {
        let path = id.split(separator: "/").map { Self.escape(String($0)) }.joined(separator: "/")
        let filePath = file.split(separator: "/").map { Self.escape(String($0)) }.joined(separator: "/")
        return try makeURL("\(environment.endpoint)/\(path)/resolve/\(Self.escape(revision))/\(filePath)")
    }

    func makeURL(_ string: String) throws -> URL {
        guard let url = URL(string: string) else { throw HubError.badResponse(url: string, reason: "not a valid URL") }
        return url
    }

    /// The commit a revision points at and the repository's file names
    /// (`GET {endpoint}/api/models/{id}/revision/{rev}`).
    func fetchListing(id: String, revision: String) async throws -> (commit: String, files: [String]) {
        let path = id.split(separator: "/").map { Self.escape(String($0)) }.joined(separator: "/")
        let url = try makeURL("\(environment.endpoint)/api/models/\(path)/revision/\(Self.escape(revision))")
        let sink = MemorySink(url: url)
        let response = try await HTTPTransfer.run(request(url, method: "GET", timeout: environment.metadataTimeout),
                                                  sink: sink, followRedirects: true)
        let answer = HTTPAnswer(response, body: sink.data)
        guard answer.status == 200 else { throw answer.httpError(for: url) }
        struct Info: Decodable {
            struct Sibling: Decodable { let rfilename: String }
            let sha: String?
            let siblings: [Sibling]?
        }
        guard let info = try? JSONDecoder().decode(Info.self, from: answer.body) else {
            throw HubError.badResponse(url: url.absoluteString, reason: "not a model info JSON object")
        }
        guard let commit = info.sha, HubCache.isCommitHash(commit) else {
            throw HubError.badResponse(url: url.absoluteString, reason: "no commit hash (\"sha\") in the model info")
        }
        return (commit, (info.siblings ?? []).map(\.rfilename))
    }

    /// HEADs a file's resolve URL without following redirects off the hub, as get_hf_file_metadata
    /// does; relative and same-host redirects (renamed repositories) are followed.
    func fetchMetadata(id: String, commit: String, file: String) async throws -> RemoteFile {
        let url = try resolveURL(id: id, revision: commit, file: file)
        var current = url
        for _ in 0..<5 {
            let response = try await HTTPTransfer.run(
                request(current, method: "HEAD", timeout: environment.metadataTimeout),
                sink: MemorySink(url: current, limit: 1 << 20), followRedirects: false)
            let answer = HTTPAnswer(response, body: Data())
            if answer.status >= 400 { throw answer.httpError(for: url) }
            if (300..<400).contains(answer.status), let location = answer.header("Location"),
               let target = URL(string: location, relativeTo: current)?.absoluteURL,
               target.host == current.host, target.port == current.port, answer.header("X-Linked-Etag") == nil {
                current = target
                continue
            }
            return try RemoteFile(name: file, url: url, answer: HTTPAnswer(response, body: Data()))
        }
        throw HubError.badResponse(url: url.absoluteString, reason: "too many redirects")
    }

    static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.contains("\\")
            && name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
