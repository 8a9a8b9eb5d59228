import CFileSwap
import Foundation

/// Writes a whole site so that readers see either the previous site or the new one: the files go
/// into a sibling folder first, and only a complete folder replaces the old one, in one atomic
/// exchange on Linux. The new site carries `SiteMarker`, written first, so that the next build
/// knows the folder is one it may replace, and a later build knows a left-behind staging folder
/// is ours to remove (`StagingFolders`).
enum SiteWriter {
    /// `output` is the real path (links resolved) that `OutputSafety.check` returned.
    static func write(_ files: [String: [UInt8]], to output: URL) throws {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        let staging = StagingFolders.newSite(for: output)
        let retired = StagingFolders.oldSite(for: output)
        StagingFolders.removeAbandoned(beside: output)
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw BuildError(.io, step: "write", "cannot create the folder \(parent.path): \(plainReason(error))")
        }
        // A folder with our pid in its name is from a dead process (pids are unique while alive).
        if fm.fileExists(atPath: staging.path) {
            guard StagingFolders.isOurs(staging) else {
                throw BuildError(.badInput, step: "write", "\(staging.path) is in the way of the new site and was not "
                                 + "written by rerank-site; move it away, then build again")
            }
            try? fm.removeItem(at: staging)
        }
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            let paths = files.keys.sorted()
            try writeFile(SiteMarker.contents(listing: paths), to: staging.appendingPathComponent(SiteMarker.fileName))
            for path in paths where !isSafeRelativePath(path) || path == SiteMarker.fileName {
                throw BuildError(.io, step: "write", "refusing to write outside the site: \(path)")
            }
            try writeFiles(files, paths: paths, in: staging, replacing: output)
        } catch {
            try? fm.removeItem(at: staging)
            if let e = error as? BuildError { throw e }
            throw BuildError(.io, step: "write", "cannot write the new site in \(staging.path): \(plainReason(error))")
        }
        // The output was checked before the build began; look again, as someone may have put files
        // there while it ran.
        let problems = OutputSafety.contentProblems(output.path, named: output.path)
        guard problems.isEmpty else {
            try? fm.removeItem(at: staging)
            throw BuildError(.badInput, step: "write", messages: problems)
        }
        try swapIn(staging, output, retired: retired)
    }

    /// Puts `staging` at `output`. Another build may place its own site there at any moment, so
    /// a failed rename onto a path that has just appeared turns into an exchange.
    private static func swapIn(_ staging: URL, _ output: URL, retired: URL) throws {
        let fm = FileManager.default
        for _ in 0..<20 {
            var info = stat()
            if lstat(output.path, &info) == 0 {
                if exchangePaths(staging, output) {
                    try? fm.removeItem(at: staging) // the old site, now at the staging name
                    return
                }
                if errno != EINVAL && errno != ENOSYS {
                    let reason = plainReason(errno: errno)
                    try? fm.removeItem(at: staging)
                    throw BuildError(.io, step: "write", "cannot move the new site into \(output.path): \(reason)")
                }
                return try replaceByTwoRenames(staging, output, retired: retired)
            }
            // rename(2) of a folder onto an empty folder replaces it; onto a non-empty one it fails.
            if rename(staging.path, output.path) == 0 { return }
            guard errno == ENOTEMPTY || errno == EEXIST else {
                let reason = plainReason(errno: errno)
                try? fm.removeItem(at: staging)
                throw BuildError(.io, step: "write", "cannot move the new site into \(output.path): \(reason)")
            }
        }
        try? fm.removeItem(at: staging)
        throw BuildError(.io, step: "write", "cannot move the new site into \(output.path): other builds kept replacing it")
    }

    /// Where the file system cannot exchange: the old site moves aside, the new one takes its
    /// name, then the old one goes; if the second rename fails the old site is put back.
    private static func replaceByTwoRenames(_ staging: URL, _ output: URL, retired: URL) throws {
        let fm = FileManager.default
        guard rename(output.path, retired.path) == 0 else {
            let reason = plainReason(errno: errno)
            try? fm.removeItem(at: staging)
            throw BuildError(.io, step: "write", "cannot move the old site \(output.path) aside: \(reason)")
        }
        guard rename(staging.path, output.path) == 0 else {
            let reason = plainReason(errno: errno)
            _ = rename(retired.path, output.path)
            try? fm.removeItem(at: staging)
            throw BuildError(.io, step: "write", "cannot move the new site into \(output.path): \(reason); the old site is kept")
        }
        try? fm.removeItem(at: retired)
    }

    /// The files under `folder`: each folder created once, then the files in path order, those that
    /// `output` (the site being replaced) already holds byte for byte linked from it (`UnchangedFiles`).
    /// Writing on several threads was measured slower: creating files in one folder serialises in the kernel.
    private static func writeFiles(_ files: [String: [UInt8]], paths: [String], in folder: URL, replacing output: URL) throws {
        var marker = stat()
        let unchanged = stat(folder.appendingPathComponent(SiteMarker.fileName).path, &marker) == 0
            ? UnchangedFiles(oldSite: output, mode: marker.st_mode & 0o7777) : nil
        var made = Set<String>()
        for path in paths {
            let url = folder.appendingPathComponent(path)
            let parent = String(path.split(separator: "/").dropLast().joined(separator: "/"))
            if !parent.isEmpty, made.insert(parent).inserted {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            let bytes = files[path] ?? []
            if unchanged?.link(path, bytes: bytes, to: url) == true { continue }
            try writeFile(bytes, to: url)
        }
    }

    /// Exchanges two existing paths atomically (Linux renameat2 RENAME_EXCHANGE); false where the
    /// system or filesystem cannot, and nothing moved.
    static func exchangePaths(_ a: URL, _ b: URL) -> Bool {
        rerank_site_exchange_paths(a.path, b.path) == 0
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    /// One file in place with write(2): no temporary sibling (FileManager's atomic write leaves
    /// one behind when a build is killed), and the marker goes down in one call, so a killed
    /// build leaves it whole or empty.
    private static func writeFile(_ bytes: [UInt8], to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildError(.io, step: "write", "cannot write \(url.path): \(plainReason(errno: errno))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { writeBytes(fd, $0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw BuildError(.io, step: "write", "cannot write \(url.path): \(plainReason(errno: errno))") }
            offset += n
        }
    }
}

/// write(2), out here where the name is not SiteWriter.write.
private func writeBytes(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
    write(fd, buffer.baseAddress, buffer.count)
}

/// Writes one file atomically: a temporary sibling, then a rename.
func writeFileAtomically(_ data: Data, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url, options: .atomic)
}

/// The cause of a failed file operation in plain words ("permission denied", "not a directory"),
/// never an NSError dump.
func plainReason(_ error: Error) -> String {
    if let posix = error as? POSIXError { return plainReason(errno: posix.code.rawValue) }
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return plainReason(errno: Int32(ns.code)) }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return plainReason(errno: Int32(underlying.code))
    }
    switch ns.code {
    case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
    case NSFileWriteOutOfSpaceError: return "the disk is full"
    case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
    case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
    case NSFileWriteFileExistsError: return "something is already there"
    default: return "the file system refused it"
    }
}

func plainReason(errno code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}
