import Cache
import Checksum
import Foundation
import RerankCore

/// The run history: read from the cache, seeded from a published data/history.json
/// (`build --history FILE`, since a CI runner starts without the cache), and the run a build adds
/// when its results differ from the last one's.
enum RunHistory {
    /// The history to render and the records to append once the site is written.
    struct Plan {
        var runs: [HistoryRun]
        var toAppend: [HistoryRun]
    }

    /// Every run the cache holds, oldest first. A record this version cannot read is skipped with a warning.
    static func load(_ cache: ScoreCache, warn: (String) -> Void) throws -> [HistoryRun] {
        let decoder = JSONDecoder()
        var runs: [HistoryRun] = []
        var unreadable = 0
        for record in try cache.historyRecords() {
            if let run = try? decoder.decode(HistoryRun.self, from: Data(record.utf8)) { runs.append(run) } else { unreadable += 1 }
        }
        if unreadable > 0 { warn("the cache holds \(unreadable) history records this version cannot read; they are left out") }
        return runs.sorted { $0.time < $1.time }
    }

    /// The runs of a published data/history.json, checked against this build's case paths: a file
    /// that is not a history, or whose last run shares no case path with this build (another
    /// project's), is an error naming the file and the key. `casePaths` nil: not compared.
    static func seed(file: URL, casePaths: Set<String>?) throws -> [HistoryRun] {
        let name = file.path
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw BuildError(.badInput, step: "history", "--history \(name): cannot read the file")
        }
        let document: HistoryDocument
        do { document = try JSONDecoder().decode(HistoryDocument.self, from: data) } catch {
            throw BuildError(.badInput, step: "history", "--history \(name): not a data/history.json written by rerank-site (\(plain(error)))")
        }
        guard document.format == HistoryDocument.formatName else {
            throw BuildError(.badInput, step: "history", "\(name): format: '\(document.format)', expected '\(HistoryDocument.formatName)'")
        }
        guard let last = document.runs.last else { return [] }
        guard let ours = casePaths else { return document.runs }
        if !last.cases.isEmpty, ours.isDisjoint(with: last.cases.keys) {
            let theirs = last.cases.keys.sorted().prefix(3).joined(separator: ", ")
            throw BuildError(.badInput, step: "history", "\(name): runs[\(document.runs.count - 1)].cases: none of its"
                + " \(last.cases.count) case paths (\(theirs)…) is among this build's \(ours.count) cases:"
                + " it is the history of another project")
        }
        return document.runs
    }

    /// Merges the seed into the cache's runs (by time, each run once, whether or not either copy
    /// still has its per-case facts) and adds `current` when its results differ from the last
    /// run's; per-case facts are kept on the latest runs only (`boundedHistory`). Pure.
    static func plan(cached: [HistoryRun], seed: [HistoryRun], current: HistoryRun) -> Plan {
        var runs = cached
        var toAppend: [HistoryRun] = []
        for run in seed where !runs.contains(where: { $0.isSameRun(as: run) }) {
            runs.append(run)
            toAppend.append(run)
        }
        runs.sort { $0.time < $1.time }
        if runs.last.map({ !$0.sameResults(as: current) }) ?? true {
            runs.append(current)
            toAppend.append(current)
        }
        return Plan(runs: boundedHistory(runs), toAppend: toAppend)
    }

    /// Appends the new runs to the cache, then drops the per-case facts of the records that are no
    /// longer among the latest runs (records this version cannot read are left as they are).
    static func append(_ runs: [HistoryRun], to cache: ScoreCache) throws {
        guard !runs.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let records = try runs.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try cache.appendHistory(records)
        let decoder = JSONDecoder()
        let stored = try cache.numberedHistoryRecords().compactMap { record -> (number: Int, run: HistoryRun)? in
            (try? decoder.decode(HistoryRun.self, from: Data(record.record.utf8))).map { (record.number, $0) }
        }
        // The same order as `load` gives (by time), so the latest runs are the ones shown.
        let byTime = stored.sorted { $0.run.time < $1.run.time }
        let kept = boundedHistory(byTime.map(\.run))
        let shortened = try zip(byTime, kept).filter { $0.0.run != $0.1 }.map { old, new in
            (number: old.number, record: String(decoding: try encoder.encode(new), as: UTF8.self))
        }
        try cache.replaceHistoryRecords(shortened)
    }

    /// The project's git commit and whether its tree has changes; nils when it is not in git or git is absent.
    static func gitFacts(root: URL) -> (commit: String?, dirty: Bool?) {
        guard let commit = git(["rev-parse", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines),
              commit.count >= 40 else { return (nil, nil) }
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: root)
        return (commit, status.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
    }

    private static func git(_ arguments: [String], in folder: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }

    private static func plain(_ error: Error) -> String {
        if case DecodingError.keyNotFound(let key, _) = error { return "no key '\(key.stringValue)'" }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        return "not valid JSON of that form"
    }
}
