import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HubClient {
    /// Makes sure blobs/<etag> holds the file, downloading it under the blob's lock when absent.
    func fetchBlob(id: String, file: RemoteFile, report: @escaping (Int64) -> Void) async throws -> URL {
        let blob = cache.blobFile(id: id, etag: file.etag)
        let fm = FileManager.default
        if fm.fileExists(atPath: blob.path) { report(file.size ?? 0); return blob }
        try makeFolder(blob.deletingLastPathComponent())
        let lock = try await FileLock.acquire(cache.lockFile(id: id, etag: file.etag))
        defer { lock.release() }
        if fm.fileExists(atPath: blob.path) { report(file.size ?? 0); return blob }  // another process finished it
        let partial = blob.appendingPathExtension("incomplete")
        while true {
            let writer = try BlobWriter(file: file.name, path: partial, expectedSize: file.size,
                                        hashesSHA256: file.isSHA256, onBytes: report)
            let resumedFromEarlierRun = writer.written > 0
            do {
                try await download(file, into: writer)
                try writer.close()
            } catch {
                try? writer.close()
                throw error
            }
            do {
                try verify(file, writer: writer, partial: partial)
                break
            } catch HubError.checksumMismatch(_, _, _, _) where resumedFromEarlierRun {
                continue  // the bad bytes may be the old partial file's (verify removed it): once more from zero
            }
        }
        do {
            try fm.moveItem(at: partial, to: blob)
        } catch {
            throw HubError.fileSystem(path: blob.path, operation: "renaming the download to", reason: "\(error)")
        }
        return blob
    }

    /// Streams the file into the writer, resuming with a Range request after a dropped connection
    /// or a short body, up to `maxRetries` times in a row without progress.
    func download(_ file: RemoteFile, into writer: BlobWriter) async throws {
        let sendAuth = file.downloadURL.host == URL(string: environment.endpoint)?.host
        var retries = 0
        var restartedAfter416 = false
        while true {
            if let size = file.size, writer.written == size { return }
            let before = writer.written
            var get = request(file.downloadURL, method: "GET", timeout: environment.downloadTimeout, auth: sendAuth)
            writer.prepare(request: &get)
            do {
                let response = try await HTTPTransfer.run(get, sink: writer, followRedirects: true)
                let status = response.statusCode
                if status == 416 && !restartedAfter416 {
                    restartedAfter416 = true  // our partial file does not fit the server's: start over
                    try writer.restart()
                    continue
                }
                guard status == 200 || status == 206 else {
                    throw HTTPAnswer(response, body: Data()).httpError(for: file.downloadURL)
                }
                guard let size = file.size else { return }  // no announced size: the body is the file
                if writer.written == size { return }
                if retries >= maxRetries {
                    throw HubError.sizeMismatch(file: file.name, url: file.downloadURL.absoluteString,
                                                expected: size, actual: writer.written)
                }
            } catch let error as HubError {
                guard case .network = error, retries < maxRetries else { throw error }
            }
            retries = writer.written > before ? 0 : retries + 1
            try await Task.sleep(nanoseconds: UInt64(retryDelay * 1e9))
        }
    }

    /// Checks the finished partial file against the etag: SHA-256 for LFS files, the git blob
    /// SHA-1 for small files; other etags get the size check only, as in huggingface_hub.
    /// A file that fails is deleted, so the next pull starts it afresh.
    func verify(_ file: RemoteFile, writer: BlobWriter, partial: URL) throws {
        let url = file.downloadURL.absoluteString
        var failure: HubError?
        if let size = file.size, writer.written != size {
            failure = .sizeMismatch(file: file.name, url: url, expected: size, actual: writer.written)
        } else if file.isSHA256 {
            let actual = writer.sha256.hexDigest()
            if actual != file.etag { failure = .checksumMismatch(file: file.name, url: url, expected: file.etag, actual: actual) }
        } else if file.isGitSHA1 {
            let actual: String
            do { actual = try GitBlobHash.ofFile(partial) } catch {
                throw HubError.fileSystem(path: partial.path, operation: "hashing", reason: "\(error)")
            }
            if actual != file.etag { failure = .checksumMismatch(file: file.name, url: url, expected: file.etag, actual: actual) }
        }
        if let failure {
            try? FileManager.default.removeItem(at: partial)
            throw failure
        }
    }

    /// snapshots/<commit>/<name> → ../../blobs/<etag> (one more ../ per folder in the name),
    /// replacing whatever was there, as huggingface_hub's _create_symlink.
    func link(blob: URL, etag: String, name: String, snapshot: URL) throws {
        let pointer = snapshot.appendingPathComponent(name)
        let depth = name.split(separator: "/").count - 1
        let target = String(repeating: "../", count: 2 + depth) + "blobs/" + etag
        let fm = FileManager.default
        try makeFolder(pointer.deletingLastPathComponent())
        if (try? fm.destinationOfSymbolicLink(atPath: pointer.path)) != nil || fm.fileExists(atPath: pointer.path) {
            try? fm.removeItem(at: pointer)
        }
        do {
            try fm.createSymbolicLink(atPath: pointer.path, withDestinationPath: target)
        } catch {
            throw HubError.fileSystem(path: pointer.path, operation: "linking", reason: "\(error)")
        }
    }

    /// refs/<revision> holds the commit, no newline; written to a temporary file and renamed.
    func writeRef(id: String, revision: String, commit: String) throws {
        let ref = cache.repoFolder(id: id).appendingPathComponent("refs").appendingPathComponent(revision)
        if (try? String(contentsOf: ref, encoding: .utf8)) == commit { return }
        try makeFolder(ref.deletingLastPathComponent())
        let temporary = ref.deletingLastPathComponent()
            .appendingPathComponent("\(ref.lastPathComponent).\(UUID().uuidString.prefix(8).lowercased()).tmp")
        do {
            try Data(commit.utf8).write(to: temporary)
            if FileManager.default.fileExists(atPath: ref.path) {
                _ = try FileManager.default.replaceItemAt(ref, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: ref)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw HubError.fileSystem(path: ref.path, operation: "writing", reason: "\(error)")
        }
    }

    /// The CACHEDIR.TAG huggingface_hub leaves so backup tools skip the cache.
    func writeCacheDirTag() {
        let tag = cache.root.appendingPathComponent("CACHEDIR.TAG")
        guard !FileManager.default.fileExists(atPath: tag.path) else { return }
        let text = "Signature: 8a477f597d28d172789f06886806bc55\n"
            + "# This file is a cache directory tag created by huggingface_hub.\n"
            + "# For information about cache directory tags, see:\n#\thttps://bford.info/cachedir/\n"
        try? Data(text.utf8).write(to: tag)
    }

    func makeFolder(_ url: URL) throws {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw HubError.fileSystem(path: url.path, operation: "creating", reason: "\(error)")
        }
    }
}
