import Foundation
import RerankCore

/// What `rerank-site check` (and `build --check`) found: every gate's outcome, the Markdown step
/// summary and the JSON summary the site's data folder carries (`data/check.json`).
public struct CheckReport: Sendable {
    public var outcomes: [GateOutcome]
    public var markdown: String
    public var json: [UInt8]
    public var failed: [GateOutcome] { outcomes.filter { !$0.passed } }
    /// 1 when a gate failed, else 0.
    public var exitStatus: Int32 { failed.isEmpty ? 0 : 1 }

    /// The lines the command prints: each failed gate, or that all passed.
    public var lines: [String] {
        if outcomes.isEmpty { return ["check: no gates configured (add `gates:` to rerank-site.yml)"] }
        if failed.isEmpty { return ["check: all \(outcomes.count) gates passed"] + outcomes.map { "  passed: \($0.message)" } }
        return ["check: \(failed.count) of \(outcomes.count) gates failed"]
            + failed.map { "  FAILED \($0.location): \($0.gate): \($0.message)" }
    }
}

enum GateCheck {
    static let jsonPath = "data/check.json"

    /// The report for these means. Pure: the same inputs give the same bytes.
    static func report(title: String, gates: [Gate], metrics: [MetricName], scorers: [String], means: MetricMeans,
                       previous: MetricMeans?, changes: [ChangedCase]) -> CheckReport {
        let outcomes = evaluateGates(gates, means: means, previous: previous)
        var md = "## \(title): quality check\n\n"
        let failed = outcomes.filter { !$0.passed }.count
        md += outcomes.isEmpty ? "No gates are configured.\n\n"
            : (failed == 0 ? "All \(outcomes.count) gates passed.\n\n" : "**\(failed) of \(outcomes.count) gates failed.**\n\n")
        md += "| scorer | " + metrics.map(\.name).joined(separator: " | ") + " |\n"
        md += "|---|" + metrics.map { _ in "---:|" }.joined() + "\n"
        for s in scorers {
            md += "| \(markdownCell(s)) | " + metrics.map { m in
                guard let v = means[s]?[m.name] else { return "—" }
                var cell = fourDecimals(v)
                if let before = previous?[s]?[m.name], before != v { cell += " (\(signed(v - before)))" }
                return cell
            }.joined(separator: " | ") + " |\n"
        }
        if previous != nil { md += "\nIn brackets: the change since the previous run.\n" }
        if !outcomes.isEmpty {
            md += "\n### Gates\n\n"
            for o in outcomes { md += "- \(o.passed ? "✅" : "❌") `\(o.gate)`: \(markdownCell(o.message))\n" }
        }
        if previous != nil {
            md += "\n### Cases that changed since the previous run\n\n"
            if changes.isEmpty { md += "None.\n" }
            for c in changes.prefix(100) { md += "- \(markdownCell(c.path)) (\(markdownCell(c.scorer))): \(markdownCell(c.change))\n" }
            if changes.count > 100 { md += "- … and \(changes.count - 100) more\n" }
        }
        struct Document: Encodable {
            var title: String
            var passed: Bool
            var gates: [GateOutcome]
            var means: MetricMeans
            var previousMeans: MetricMeans?
            var changedCases: [ChangedCase]
        }
        let doc = Document(title: title, passed: failed == 0, gates: outcomes, means: means, previousMeans: previous,
                           changedCases: changes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var json = (try? encoder.encode(doc)).map { [UInt8]($0) } ?? []
        json.append(UInt8(ascii: "\n"))
        return CheckReport(outcomes: outcomes, markdown: md, json: json)
    }

    static func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + fourDecimals(x) }

    /// Text safe inside a Markdown table cell or list item: no pipes, no newlines, no HTML.
    static func markdownCell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Where the Markdown summary goes: `--summary FILE`, else `$GITHUB_STEP_SUMMARY` (appended, as
    /// GitHub Actions expects), else nowhere.
    static func writeSummary(_ markdown: String, to file: String?, environment: [String: String]) throws {
        if let file {
            do { try Data(markdown.utf8).write(to: URL(fileURLWithPath: file), options: .atomic) } catch {
                throw BuildError(.io, step: "check", "--summary \(file): cannot write the file (\(error.localizedDescription))")
            }
        } else if let step = environment["GITHUB_STEP_SUMMARY"], !step.isEmpty {
            if !FileManager.default.fileExists(atPath: step) { _ = FileManager.default.createFile(atPath: step, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: step) else {
                throw BuildError(.io, step: "check", "GITHUB_STEP_SUMMARY=\(step): cannot open the file for appending")
            }
            defer { try? handle.close() }
            handle.seekToEndOfFile()
            handle.write(Data(markdown.utf8))
        }
    }
}
