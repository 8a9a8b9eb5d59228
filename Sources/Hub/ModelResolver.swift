import Foundation

/// A model ready to load: its folder, and for hub models the repository and commit (the commit
/// goes into score-cache fingerprints, so a new revision never reuses old scores).
public struct ResolvedModel: Equatable, Sendable {
    public let folder: URL
    public let id: String?
    public let revision: String?

    public init(folder: URL, id: String?, revision: String?) {
        self.folder = folder
        self.id = id
        self.revision = revision
    }
}

/// Turns a model name (folder, hub id, alias) into a folder on disk.
public enum ModelResolver {
    /// A folder must exist and hold config.json. A hub model is taken from the cache when its
    /// snapshot is complete (no network), else pulled when `allowDownload` and not offline, else
    /// an error names the `rerank-site models pull` command to run.
    public static func resolve(
        _ name: String, allowDownload: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        progress: (@Sendable (DownloadProgress) -> Void)? = nil
    ) async throws -> ResolvedModel {
        switch ModelReference.parse(name).kind {
        case let .folder(folder):
            return try resolveFolder(folder)
        case let .hub(id, revision):
            let client = HubClient(environment: environment)
            if let folder = client.cache.snapshotFolder(id: id, revision: revision),
               RerankerFiles.missing(in: folder).isEmpty {
                return ResolvedModel(folder: folder, id: id, revision: folder.lastPathComponent)
            }
            guard allowDownload, !client.environment.offline else {
                throw HubError.notCached(id: id, revision: revision, cache: client.cache.root.path,
                                         offline: client.environment.offline)
            }
            let folder = try await client.pull(id: id, revision: revision, progress: progress)
            return ResolvedModel(folder: folder, id: id, revision: folder.lastPathComponent)
        }
    }

    static func resolveFolder(_ folder: URL) throws -> ResolvedModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw HubError.notAModelFolder(
                path: folder.path,
                reason: "no such folder (a hub model is named ORG/NAME, e.g. Qwen/Qwen3-Reranker-0.6B, "
                    + "or by an alias: \(ModelReference.aliases.keys.sorted().joined(separator: ", ")))")
        }
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("config.json").path) else {
            throw HubError.notAModelFolder(path: folder.path, reason: "it has no config.json")
        }
        // A snapshot folder of some hub cache keeps its identity, so its scores are keyed by commit.
        let identity = HubCache.snapshotIdentity(of: folder)
        return ResolvedModel(folder: folder, id: identity?.id, revision: identity?.commit)
    }
}
