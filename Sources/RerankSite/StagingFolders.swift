import Foundation

/// The folders a build keeps beside its output while it writes: `.<name>.new-<pid>` (the new site,
/// later the old one after the exchange) and `.<name>.old-<pid>` (the old site, where the system
/// cannot exchange). A build killed while writing leaves one behind; a later build removes it,
/// but only when it is ours (the name, and inside either our marker or nothing at all) and the
/// process that made it is gone, so two builds running at once never remove each other's.
enum StagingFolders {
    static func newSite(for output: URL, pid: Int32 = ProcessInfo.processInfo.processIdentifier) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).new-\(pid)")
    }

    static func oldSite(for output: URL, pid: Int32 = ProcessInfo.processInfo.processIdentifier) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(pid)")
    }

    /// Removes the staging folders beside `output` that were left by builds no longer running;
    /// returns their names.
    @discardableResult
    static func removeAbandoned(beside output: URL) -> [String] {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return [] }
        var removed: [String] = []
        for name in names.sorted() {
            guard let pid = stagingProcess(name, output: output.lastPathComponent),
                  pid != ProcessInfo.processInfo.processIdentifier, !isRunning(pid) else { continue }
            let folder = parent.appendingPathComponent(name)
            guard isOurs(folder) else { continue }
            if (try? fm.removeItem(at: folder)) != nil { removed.append(name) }
        }
        return removed
    }

    /// The process id in a staging folder's name for this output, or nil when the name is not one.
    static func stagingProcess(_ name: String, output: String) -> Int32? {
        for kind in ["new", "old"] {
            let prefix = ".\(output).\(kind)-"
            guard name.hasPrefix(prefix) else { continue }
            let digits = name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
            return Int32(digits)
        }
        return nil
    }

    /// A real folder (not a link) holding our marker, or nothing at all, or an empty marker (a build
    /// killed before or while it wrote the marker, which goes down in one write).
    static func isOurs(_ folder: URL) -> Bool {
        var info = stat()
        guard lstat(folder.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return false }
        if entries.isEmpty { return true }
        guard let marker = FileManager.default.contents(atPath: folder.appendingPathComponent(SiteMarker.fileName).path) else {
            return false
        }
        return marker.isEmpty || SiteMarker.listedPaths(Array(marker)) != nil
    }

    /// Whether a process with this id exists (one we may not signal still exists).
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
