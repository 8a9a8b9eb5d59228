import Foundation
import Cases
import RerankCore

/// Writes an imported case as a case file, and checks that the file reads back as that case.
///
/// Text is written as it is (after `ImportText.normalize`), indented under its list item; the
/// label and id go into one marker at the end. What a case file cannot hold literally (text that
/// ends in something shaped like `{rel=1}`, a line that is only an HTML comment, a `>` line that
/// would become a note, an unclosed code fence, …) is found by reading the written file back
/// with the case parser: such a case is refused with a message naming the source line.
enum CaseWriter {
    /// `markerParagraph`: per candidate, after which paragraph (0-based) its `{id=… rel=…}` goes;
    /// the last when not given. A marker may end any paragraph of the item, and one that ends in
    /// a nested-list-looking line would not be read as a marker there.
    static func markdown(_ item: ImportedCase, format: DatasetFormat, markerParagraph: [Int: Int] = [:]) -> String {
        var out = "---\n"
        out += "title: \(yamlString(title(of: item)))\n"
        if !item.tags.isEmpty { out += "tags: [" + item.tags.map(yamlString).joined(separator: ", ") + "]\n" }
        if item.instructions.count == 1 {
            out += "instruction: \(yamlString(item.instructions[0]))\n"
        } else if !item.instructions.isEmpty {
            out += "instructions:\n" + item.instructions.map { "  - \(yamlString($0))\n" }.joined()
        }
        out += "imported: \(format.rawValue)\n"
        if let missed = item.missedRelevant { out += "missed_relevant: \(missed)\n" }
        out += "---\n\n"
        if !item.intro.isEmpty { out += item.intro + "\n\n" }
        out += "## Query\n\n\(item.query)\n\n"
        if !item.rewrites.isEmpty {
            out += "## Rewrites\n\n" + item.rewrites.map { "- " + indent($0, by: 2) + "\n" }.joined() + "\n"
        }
        out += "## Candidates\n\n"
        for (number, candidate) in item.candidates.enumerated() {
            let marker = "\(number + 1). "
            let width = marker.count
            let parts = [candidate.id.map { "id=\($0)" }, candidate.label.map { "rel=\($0)" }].compactMap { $0 }
            var paragraphs = paragraphsOf(candidate.text)
            if !parts.isEmpty {
                let at = min(markerParagraph[number] ?? paragraphs.count - 1, paragraphs.count - 1)
                paragraphs[at] += " {" + parts.joined(separator: " ") + "}"
            }
            out += marker + indent(paragraphs.joined(separator: "\n\n"), by: width) + "\n"
            if let note = candidate.note {
                out += "\n" + note.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { String(repeating: " ", count: width) + ($0.isEmpty ? ">" : "> " + $0) }.joined(separator: "\n") + "\n"
            }
            if number + 1 < item.candidates.count { out += "\n" }
        }
        return out
    }

    /// The title: the source's, else the query on one line, cut at 100 characters.
    static func title(of item: ImportedCase) -> String {
        if let title = item.title { return title }
        let oneLine = item.query.split(whereSeparator: { $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        guard oneLine.count > 100 else { return oneLine }
        return String(oneLine.prefix(99)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// A YAML double-quoted scalar.
    static func yamlString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The text's paragraphs (split at blank lines); most imported texts are one line.
    static func paragraphsOf(_ text: String) -> [String] {
        guard text.utf8.contains(0x0A) else { return [text] }
        return text.components(separatedBy: "\n\n")
    }

    private static func indent(_ text: String, by width: Int) -> String {
        guard text.utf8.contains(0x0A) else { return text }
        let pad = String(repeating: " ", count: width)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : pad + $0.element }
            .joined(separator: "\n")
    }

    /// The case file for `item`, with each marker moved to an earlier paragraph where the last one
    /// does not read back; and the problems that remain (none when the file reads back as `item`).
    static func write(_ item: ImportedCase, format: DatasetFormat, path: String) -> (text: String, problems: [DatasetProblem]) {
        var placement: [Int: Int] = [:]
        var text = markdown(item, format: format)
        var problems = roundTripProblems(text, item: item, path: path)
        var attempts = 0
        while !problems.isEmpty, attempts < 8 {
            attempts += 1
            guard case .success(let parsed) = CaseParser.parse(text: text, path: path, sourceHash: ""),
                  parsed.candidates.count == item.candidates.count else { break }
            var moved = false
            for (number, (read, written)) in zip(parsed.candidates, item.candidates).enumerated()
            where read.id != written.id || read.label != written.label {
                let current = placement[number] ?? paragraphsOf(written.text).count - 1
                if current > 0 { placement[number] = current - 1; moved = true }
            }
            guard moved else { break }
            text = markdown(item, format: format, markerParagraph: placement)
            problems = roundTripProblems(text, item: item, path: path)
        }
        return (text, problems)
    }

    /// Problems that keep `markdown` from reading back as `item`, in words, against the case's source.
    static func roundTripProblems(_ markdown: String, item: ImportedCase, path: String) -> [DatasetProblem] {
        switch CaseParser.parse(text: markdown, path: path, sourceHash: "") {
        case .failure(let problems):
            return problems.problems.map { problem in
                let origin = origin(of: problem, in: markdown, item: item)
                return DatasetProblem(file: origin.file, line: origin.line,
                    "cannot be written literally as a case file: \(problem.field): \(problem.message); change the text")
            }
        case .success(let parsed):
            var problems: [DatasetProblem] = []
            func differ(_ what: String, _ origin: DatasetProblem) {
                problems.append(DatasetProblem(file: origin.file, line: origin.line,
                    "cannot be written literally as a case file: the \(what) would read back differently "
                        + "(Markdown structure in the text, such as a line starting with '>' or '<!--'); change the text"))
            }
            if parsed.query != item.query { differ("query", item.origin) }
            if parsed.rewrites != item.rewrites { differ("rewrites", item.origin) }
            if parsed.title != title(of: item) { differ("title", item.origin) }
            if parsed.candidates.count != item.candidates.count {
                differ("candidate list", item.origin)
            } else {
                for (number, (read, written)) in zip(parsed.candidates, item.candidates).enumerated()
                where read.text != written.text || read.id != written.id || read.label != written.label || read.note != written.note {
                    problems.append(DatasetProblem(file: written.origin.file, line: written.origin.line,
                        "cannot be written literally as a case file: candidate \(number + 1)"
                            + (written.id.map { " ('\($0)')" } ?? "") + " would read back as "
                            + "\(quoted(read.text)) with label \(read.label.map(String.init) ?? "none") and id \(read.id ?? "none")"
                            + (read.note != written.note ? " and another note" : "")
                            + " (text ending in a {rel=N}- or {id=…}-like marker, or Markdown structure such as a '>' line); change the text"))
                }
            }
            return problems
        }
    }

    private static func quoted(_ text: String) -> String {
        let oneLine = text.replacingOccurrences(of: "\n", with: "⏎")
        return "'" + (oneLine.count > 60 ? String(oneLine.prefix(60)) + "…" : oneLine) + "'"
    }

    /// The source line of the candidate a parser problem points into, else the case's.
    private static func origin(of problem: CaseProblem, in markdown: String, item: ImportedCase) -> DatasetProblem {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var candidate = -1
        var inCandidates = false
        for (index, line) in lines.enumerated() {
            if index + 1 > problem.location.line { break }
            if line.hasPrefix("## Candidates") { inCandidates = true; continue }
            if inCandidates, let first = line.first, first.isNumber, line.contains(". ") { candidate += 1 }
        }
        if candidate >= 0 && candidate < item.candidates.count { return item.candidates[candidate].origin }
        return item.origin
    }
}

/// How imported text is tidied before it is written: what a case file cannot tell apart is made
/// the same up front, so every file reads back exactly as the text it was given.
public enum ImportText {
    /// Line ends become LF; each line loses its trailing spaces and tabs, and leading ones too
    /// (a case file takes indentation as structure); runs of blank lines become one; the text is
    /// trimmed.
    public static func normalize(_ text: String) -> String {
        // Bytes: CR, LF, space and tab are ASCII and never part of a multi-byte character.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var line: [UInt8] = []
        var blankPending = false
        func endLine() {
            var start = 0, end = line.count
            while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
            while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
            if start == end {
                blankPending = !out.isEmpty
            } else {
                if !out.isEmpty { out.append(0x0A); if blankPending { out.append(0x0A) } }
                out.append(contentsOf: line[start..<end])
                blankPending = false
            }
            line.removeAll(keepingCapacity: true)
        }
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0A {
                if !previousCR { endLine() }
                previousCR = false
            } else if byte == 0x0D {
                endLine()
                previousCR = true
            } else {
                line.append(byte)
                previousCR = false
            }
        }
        endLine()
        return String(decoding: out, as: UTF8.self)
    }

}
