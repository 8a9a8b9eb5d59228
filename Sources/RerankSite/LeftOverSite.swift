import Foundation

/// A folder made only to hold a site (the live preview's private folder), left behind by a process
/// that was killed. It is removed only when that process is gone and the folder holds nothing but
/// the site, a site a build wrote (our marker, or nothing), and that build's staging folders.
public enum LeftOverSite {
    /// Removes `container` when it is such a folder; returns whether it did.
    @discardableResult
    public static func remove(container: URL, siteName: String, ownerPID: Int32) -> Bool {
        guard ownerPID != ProcessInfo.processInfo.processIdentifier, !StagingFolders.isRunning(ownerPID) else { return false }
        let site = container.appendingPathComponent(siteName)
        StagingFolders.removeAbandoned(beside: site)
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: container.path) else { return false }
        guard entries.allSatisfy({ $0 == siteName }), entries.isEmpty || StagingFolders.isOurs(site) else { return false }
        return (try? fm.removeItem(at: container)) != nil
    }
}
