import Foundation

/// One snapshot of a model in the hub cache, as `rerank-site models list` shows it.
public struct CachedModel: Equatable, Sendable {
    public let id: String
    /// The commit hash (the snapshot folder's name).
    public let revision: String
    /// Branches and tags in refs/ that point at this commit, sorted.
    public let refs: [String]
    public let folder: URL
    /// File names in the snapshot, sorted.
    public let files: [String]
    /// Bytes of the distinct blobs the snapshot's files point to.
    public let sizeBytes: Int64
    /// Reranker files the snapshot lacks (empty when complete).
    public let missing: [String]
    /// Bytes in unfinished downloads (blobs/*.incomplete) of this repository.
    public let partialBytes: Int64

    public var isComplete: Bool { missing.isEmpty }
}

extension HubCache {
    /// Every model snapshot in the cache, sorted by id then revision. Folders that are not model
    /// repositories (datasets--, spaces--, .locks) are skipped.
    public func listModels() throws -> [CachedModel] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: root.path) else { return [] }
        let repos: [String]
        do { repos = try fm.contentsOfDirectory(atPath: root.path) } catch {
            throw HubError.fileSystem(path: root.path, operation: "listing", reason: "\(error)")
        }
        var models: [CachedModel] = []
        for repo in repos.sorted() where repo.hasPrefix("models--") {
            let id = repo.dropFirst("models--".count).replacingOccurrences(of: "--", with: "/")
            models += try listSnapshots(id: id, repo: root.appendingPathComponent(repo, isDirectory: true))
        }
        return models.sorted { ($0.id, $0.revision) < ($1.id, $1.revision) }
    }

    private func listSnapshots(id: String, repo: URL) throws -> [CachedModel] {
        let fm = FileManager.default
        let refs = readRefs(repo.appendingPathComponent("refs"))
        let partial = (try? fm.contentsOfDirectory(atPath: repo.appendingPathComponent("blobs").path))?
            .filter { $0.hasSuffix(".incomplete") }
            .reduce(Int64(0)) { $0 + fileSize(repo.appendingPathComponent("blobs").appendingPathComponent($1)) } ?? 0
        let snapshots = repo.appendingPathComponent("snapshots")
        guard let commits = try? fm.contentsOfDirectory(atPath: snapshots.path) else { return [] }
        return commits.sorted().compactMap { commit -> CachedModel? in
            let folder = snapshots.appendingPathComponent(commit, isDirectory: true)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
            let files = ((try? fm.subpathsOfDirectory(atPath: folder.path)) ?? []).filter { name in
                var dir: ObjCBool = false
                return fm.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &dir) && !dir.boolValue
            }.sorted()
            // Size the blobs once each, as huggingface_hub's scan_cache_dir does.
            var blobs: [String: Int64] = [:]
            for name in files {
                let target = folder.appendingPathComponent(name).resolvingSymlinksInPath()
                blobs[target.path] = fileSize(target)
            }
            return CachedModel(
                id: id, revision: commit, refs: refs.filter { $0.value == commit }.map(\.key).sorted(),
                folder: folder, files: files, sizeBytes: blobs.values.reduce(0, +),
                missing: RerankerFiles.missing(in: folder), partialBytes: partial
            )
        }
    }

    /// refs/ as ref name → commit; nested refs (refs/pr/1) keep their path.
    private func readRefs(_ folder: URL) -> [String: String] {
        let fm = FileManager.default
        var refs: [String: String] = [:]
        for name in (try? fm.subpathsOfDirectory(atPath: folder.path)) ?? [] {
            let file = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            refs[name] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return refs
    }

    private func fileSize(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
