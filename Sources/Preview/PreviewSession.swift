import Foundation
import RerankSite

/// The live preview's builds: the project is built into a private folder (never the configured
/// output), then rebuilt through the score cache whenever a watched file changes. Each build, good
/// or failed, starts a new generation, which open pages poll to know when to reload.
public final class PreviewSession: @unchecked Sendable {
    /// The site as the last good build wrote it.
    public let siteFolder: URL
    /// The private folder holding `siteFolder`, removed by `close()`.
    let privateFolder: URL
    private let options: BuildOptions
    private let log: BuildLog
    private let pollInterval: Double
    private let lock = NSLock()
    private var generationValue = 0
    private var failureValue: String?
    private var watched: [URL] = []
    /// The watched files as they were when the last build started.
    private var lastSnapshot = WatchedFiles()

    /// `options.output` is ignored: the site goes to a new folder under the system's temporary folder.
    public init(options: BuildOptions, log: BuildLog, pollInterval: Double = 0.5) throws {
        let temporary = FileManager.default.temporaryDirectory
        Self.removeLeftOvers(in: temporary)
        privateFolder = temporary.appendingPathComponent("\(Self.folderPrefix)\(getpid())-\(UUID().uuidString.prefix(8))")
        do { try FileManager.default.createDirectory(at: privateFolder, withIntermediateDirectories: true) } catch {
            throw BuildError(.io, step: "serve", "cannot make the preview folder \(privateFolder.path): \(error.localizedDescription)")
        }
        siteFolder = privateFolder.appendingPathComponent("site")
        var options = options
        options.output = siteFolder.path
        self.options = options
        self.log = log
        self.pollInterval = pollInterval
    }

    /// Builds finished so far (good or failed); what `/__rerank-site/version` answers.
    public var generation: Int { lock.withLock { generationValue } }
    /// The last build's errors, or nil when it succeeded.
    public var failure: String? { lock.withLock { failureValue } }

    /// Builds once and records the outcome; returns whether it succeeded.
    @discardableResult
    public func build(reason: String) async -> Bool {
        let before = WatchedFiles.snapshot(watchedPaths())
        var outcome: String?
        do {
            let report = try await SiteBuilder.build(options, log: log)
            log.line("\(reason): \(report.summaryLine)")
        } catch let error as BuildError {
            outcome = error.description
        } catch {
            outcome = "error: \(error)"
        }
        if let outcome { log.line("\(reason): build failed; the browser shows why\n\(outcome)") }
        let roots = (try? SiteBuilder.watchedPaths(options)) ?? []
        lock.withLock {
            generationValue += 1
            failureValue = outcome
            if !roots.isEmpty { watched = roots }
            lastSnapshot = before
        }
        return outcome == nil
    }

    /// The files a change of which rebuilds the site: rerank-site.yml, the case folder, templates/.
    func watchedPaths() -> [URL] {
        let known = lock.withLock { watched }
        if !known.isEmpty { return known }
        return (try? SiteBuilder.watchedPaths(options)) ?? [options.configFile ?? options.workingDirectory.appendingPathComponent("rerank-site.yml")]
    }

    /// Polls the watched files every `pollInterval` seconds and rebuilds when they change, until
    /// the task is cancelled. A change is built once the files hold still for one more poll, so an
    /// editor's save in several writes gives one build.
    public func watch() async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
            let last = lock.withLock { lastSnapshot }
            var now = WatchedFiles.snapshot(watchedPaths())
            guard now != last else { continue }
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(min(pollInterval, 0.2) * 1e9))
                let again = WatchedFiles.snapshot(watchedPaths())
                if again == now { break }
                now = again
            }
            let changed = now.changes(since: last)
            let shown = changed.prefix(3).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
            await build(reason: "changed \(shown)\(changed.count > 3 ? " and \(changed.count - 3) more" : "")")
        }
    }

    static let folderPrefix = "rerank-site-preview-"

    /// Private folders of previews that were killed (SIGKILL leaves no chance to clean up).
    static func removeLeftOvers(in temporary: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix(folderPrefix) {
            let rest = name.dropFirst(folderPrefix.count).split(separator: "-")
            guard rest.count == 2, let pid = Int32(rest[0]), rest[1].count == 8 else { continue }
            LeftOverSite.remove(container: temporary.appendingPathComponent(name), siteName: "site", ownerPID: pid)
        }
    }

    /// Removes the private folder (the preview's site); the score cache keeps what was scored.
    public func close() {
        try? FileManager.default.removeItem(at: privateFolder)
    }
}
