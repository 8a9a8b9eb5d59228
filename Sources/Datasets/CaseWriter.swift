import Foundation
import Cases
import RerankCore

/// Writes an imported case as a case file, and checks that the file reads back as that case.
///
/// Literal text (the query, the rewrites, the candidates) is written as it is (after
/// `ImportText.normalize`), indented under its list item, with `LiteralEscape`'s backslashes
/// where a line would otherwise read as Markdown structure (`1. …`, `> …`, `# …`) or a brace
/// group as a marker (`{rel=1}`); the label and id go into one marker at the end. Markdown (the
/// intro, prose sections, notes) is written as it is. What still cannot be held (a control
/// character, an intro with a `##` line, a note line that is only an HTML comment, …) is found
/// by reading the written file back with the case parser: such a case is refused with a message
/// naming the source line.
enum CaseWriter {
    static func markdown(_ item: ImportedCase, format: DatasetFormat) -> String {
        var out = "---\n"
        out += "title: \(yamlString(title(of: item)))\n"
        if !item.tags.isEmpty { out += "tags: [" + item.tags.map(yamlString).joined(separator: ", ") + "]\n" }
        if item.instructions.count == 1 {
            out += "instruction: \(yamlString(item.instructions[0]))\n"
        } else if !item.instructions.isEmpty {
            out += "instructions:\n" + item.instructions.map { "  - \(yamlString($0))\n" }.joined()
        }
        if item.draft { out += "draft: true\n" }
        if let slope = item.slope { out += "slope: [" + slope.map { yamlString($0.spec) }.joined(separator: ", ") + "]\n" }
        out += "imported: \(format.rawValue)\n"
        if let missed = item.missedRelevant { out += "missed_relevant: \(missed)\n" }
        out += "---\n\n"
        if !item.intro.isEmpty { out += item.intro + "\n\n" }
        out += "## Query\n\n\(LiteralEscape.escape(item.query, markers: false))\n\n"
        if !item.rewrites.isEmpty {
            out += "## Rewrites\n\n"
                + item.rewrites.map { "- " + indent(LiteralEscape.escape($0, markers: false), by: 2) + "\n" }.joined() + "\n"
        }
        out += "## Candidates\n\n"
        for (number, candidate) in item.candidates.enumerated() {
            let marker = "\(number + 1). "
            let width = marker.count
            let parts = [candidate.id.map { "id=\($0)" }, candidate.label.map { "rel=\($0)" }].compactMap { $0 }
            var text = LiteralEscape.escape(candidate.text, markers: true)
            if !parts.isEmpty { text += " {" + parts.joined(separator: " ") + "}" }
            out += marker + indent(text, by: width) + "\n"
            if let note = candidate.note {
                out += "\n" + note.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { String(repeating: " ", count: width) + ($0.isEmpty ? ">" : "> " + $0) }.joined(separator: "\n") + "\n"
            }
            if number + 1 < item.candidates.count { out += "\n" }
        }
        for section in item.sections {
            out += "\n## \(escapeHeading(section.heading))\n"
            if !section.markdown.isEmpty { out += "\n" + section.markdown + "\n" }
        }
        return out
    }

    /// A prose heading as Markdown whose plain text is `heading`: the characters inline Markdown
    /// would read (emphasis, code, links, entities, HTML, a closing `#` run) are backslash-escaped.
    static func escapeHeading(_ heading: String) -> String {
        var out = ""
        for character in heading {
            if "\\`*_[]<>&#!".contains(character) { out.append("\\") }
            out.append(character)
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

    private static func indent(_ text: String, by width: Int) -> String {
        guard text.utf8.contains(0x0A) else { return text }
        let pad = String(repeating: " ", count: width)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : pad + $0.element }
            .joined(separator: "\n")
    }

    /// The case file for `item`, and the problems that keep it from reading back as `item` (none
    /// when it does).
    static func write(_ item: ImportedCase, format: DatasetFormat, path: String) -> (text: String, problems: [DatasetProblem]) {
        let text = markdown(item, format: format)
        return (text, roundTripProblems(text, item: item, path: path))
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
                        + "(Markdown structure in the text, such as a '## ' line in the intro or a note line that is only an HTML comment); change the text"))
            }
            if parsed.query != item.query { differ("query", item.origin) }
            if parsed.rewrites != item.rewrites { differ("rewrites", item.origin) }
            if parsed.title != title(of: item) { differ("title", item.origin) }
            if parsed.tags != item.tags { differ("tags", item.origin) }
            if parsed.instructions != item.instructions { differ("instructions", item.origin) }
            if parsed.intro != item.intro { differ("intro", item.origin) }
            if parsed.sections != item.sections { differ("prose sections", item.origin) }
            if parsed.draft != item.draft || parsed.slope != item.slope || parsed.missedRelevant != item.missedRelevant {
                differ("front matter", item.origin)
            }
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
                            + " (Markdown structure in a note); change the text"))
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

    /// Markdown (an intro, a prose section, a note) keeps its indentation and blank lines: line
    /// ends become LF and blank lines at either end are dropped, as the case parser drops them;
    /// `trimmingLineEnds` also drops each line's trailing blanks (a note's lines lose them there).
    public static func normalizeMarkdown(_ text: String, trimmingLineEnds: Bool = false) -> String {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func blank(_ character: Character) -> Bool { character == " " || character == "\t" }
        if trimmingLineEnds { lines = lines.map { line in String(line.reversed().drop(while: blank).reversed()) } }
        while let first = lines.first, first.allSatisfy(blank) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(blank) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
