import Foundation

/// The Hugging Face cache on disk, in huggingface_hub's layout (file_download.py):
///
///     <root>/models--ORG--NAME/
///         refs/<branch or tag>            the commit hash it points at, no newline
///         blobs/<etag>                    file contents, named by sha256 (LFS) or git sha1
///         blobs/<etag>.incomplete         a download in progress
///         snapshots/<commit>/<file>       relative symlinks ../../blobs/<etag>
///
/// so that models either tool downloaded serve both.
public struct HubCache: Sendable {
    public let root: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        root = HubEnvironment(environment).cacheRoot
    }

    public init(root: URL) {
        self.root = root
    }

    /// `models--ORG--NAME`, as huggingface_hub's repo_folder_name.
    public static func folderName(id: String) -> String {
        (["models"] + id.split(separator: "/").map(String.init)).joined(separator: "--")
    }

    public func repoFolder(id: String) -> URL {
        root.appendingPathComponent(Self.folderName(id: id), isDirectory: true)
    }

    /// The commit a revision means here: a 40-hex revision is itself, a branch or tag is read
    /// from refs/ (main when nil); nil when the cache does not know it.
    public func commitHash(id: String, revision: String?) -> String? {
        let revision = revision ?? "main"
        if Self.isCommitHash(revision) { return revision }
        let ref = repoFolder(id: id).appendingPathComponent("refs").appendingPathComponent(revision)
        guard let text = try? String(contentsOf: ref, encoding: .utf8) else { return nil }
        let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return Self.isCommitHash(commit) ? commit : nil
    }

    /// The snapshot folder of a revision, when it exists (complete or not).
    public func snapshotFolder(id: String, revision: String?) -> URL? {
        guard let commit = commitHash(id: id, revision: revision) else { return nil }
        let folder = snapshotFolder(id: id, commit: commit)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return nil }
        return folder
    }

    func snapshotFolder(id: String, commit: String) -> URL {
        repoFolder(id: id).appendingPathComponent("snapshots").appendingPathComponent(commit, isDirectory: true)
    }

    func blobFile(id: String, etag: String) -> URL {
        repoFolder(id: id).appendingPathComponent("blobs").appendingPathComponent(etag)
    }

    func lockFile(id: String, etag: String) -> URL {
        root.appendingPathComponent(".locks").appendingPathComponent(Self.folderName(id: id))
            .appendingPathComponent(etag + ".lock")
    }

    static func isCommitHash(_ s: String) -> Bool {
        s.utf8.count == 40 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// When `folder` is a snapshot inside some hub cache, the repository id and commit it holds.
    public static func snapshotIdentity(of folder: URL) -> (id: String, commit: String)? {
        let parts = folder.standardizedFileURL.pathComponents
        guard parts.count >= 3, parts[parts.count - 2] == "snapshots", isCommitHash(parts[parts.count - 1]) else {
            return nil
        }
        let repo = parts[parts.count - 3]
        guard repo.hasPrefix("models--") else { return nil }
        let id = repo.dropFirst("models--".count).replacingOccurrences(of: "--", with: "/")
        return (id, parts[parts.count - 1])
    }
}
