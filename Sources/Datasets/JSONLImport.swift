import Foundation
import RerankCore

/// `import jsonl FILE`: one case per line.
///
/// Keys: `query` (required), `candidates` (required: strings, or objects with `text` and optional
/// `id`, `label`, `note`), and optional `id` (the case's name, for its file name), `title`, `tags`,
/// `instruction`, `instructions`, `rewrites`, `section` (folders, `/`-separated), `intro`,
/// `sections` (objects with `heading` and `markdown`: prose such as `## Takeaways`), `draft`,
/// `slope` (two rankings), `missed_relevant`: every part of a case file, so `export jsonl` and
/// this read each other. Any other key is a problem, so a misspelt one is not silently dropped.
enum JSONLImport {
    static let keys = ["query", "candidates", "id", "title", "tags", "instruction", "instructions", "rewrites",
                       "section", "intro", "sections", "draft", "slope", "missed_relevant"]
    static let sectionKeys = ["heading", "markdown"]
    static let candidateKeys = ["text", "id", "label", "note"]

    static func read(_ reader: LineReader, problems: inout ProblemList) throws -> [ImportedCase] {
        var cases: [ImportedCase] = []
        try reader.forEachLine { bytes, number in
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
            switch JSONLine.parse(bytes, file: reader.name, line: number) {
            case .failure(let problem): problems.add(problem)
            case .success(let line): if let item = readCase(line, problems: &problems) { cases.append(item) }
            }
            return true
        }
        return cases
    }

    private static func readCase(_ line: JSONLine, problems: inout ProblemList) -> ImportedCase? {
        for key in line.object.keys.sorted() where !keys.contains(key) {
            problems.add(line.file, line.line, "unknown key '\(key)'; known keys: \(keys.joined(separator: ", "))")
        }
        let query = line.string("query", required: true, problems: &problems)
        var candidates: [ImportedCandidate] = []
        if let list = line.object["candidates"] as? [Any], !list.isEmpty {
            for (position, element) in list.enumerated() {
                if let candidate = readCandidate(element, position: position, line: line, problems: &problems) {
                    candidates.append(candidate)
                }
            }
        } else {
            problems.add(line.file, line.line, line.object["candidates"] == nil
                ? "missing field 'candidates'" : "field 'candidates' must be a non-empty list")
        }
        guard let query else { return nil }
        var item = ImportedCase(key: line.string("id", required: false, problems: &problems), query: query,
                                candidates: candidates, file: line.file, line: line.line)
        item.title = line.string("title", required: false, problems: &problems)
        item.tags = line.strings("tags", problems: &problems)
        item.instructions = line.strings("instruction", problems: &problems) + line.strings("instructions", problems: &problems)
        item.rewrites = line.strings("rewrites", problems: &problems)
        if let section = line.string("section", required: false, problems: &problems) {
            item.section = section.split(separator: "/").map(String.init)
        }
        item.intro = line.string("intro", required: false, problems: &problems) ?? ""
        item.sections = readSections(line, problems: &problems)
        item.draft = line.boolean("draft", problems: &problems) ?? false
        item.slope = readSlope(line, problems: &problems)
        item.missedRelevant = line.integer("missed_relevant", problems: &problems)
        return item
    }

    /// `sections`: a list of `{"heading": …, "markdown": …}`, in page order.
    private static func readSections(_ line: JSONLine, problems: inout ProblemList) -> [ProseSection] {
        guard let value = line.object["sections"], !(value is NSNull) else { return [] }
        guard let list = value as? [Any] else {
            problems.add(line.file, line.line, "field 'sections' must be a list of objects with 'heading' and 'markdown'")
            return []
        }
        var sections: [ProseSection] = []
        for (position, element) in list.enumerated() {
            guard let object = element as? [String: Any] else {
                problems.add(line.file, line.line, "section \(position + 1) must be an object with 'heading' and 'markdown'")
                continue
            }
            for key in object.keys.sorted() where !sectionKeys.contains(key) {
                problems.add(line.file, line.line, "section \(position + 1): unknown key '\(key)'; known keys: "
                    + sectionKeys.joined(separator: ", "))
            }
            let inner = JSONLine(object: object, file: line.file, line: line.line)
            guard let heading = inner.string("heading", required: true, problems: &problems) else { continue }
            sections.append(ProseSection(heading: heading,
                                         markdown: inner.string("markdown", required: false, problems: &problems) ?? ""))
        }
        return sections
    }

    /// `slope`: two rankings, each written as in a case file's front matter (`bm25`, `qwen3/fused@2`).
    private static func readSlope(_ line: JSONLine, problems: inout ProblemList) -> [RankingColumn]? {
        guard line.object["slope"] != nil, !(line.object["slope"] is NSNull) else { return nil }
        let specs = line.strings("slope", problems: &problems)
        guard specs.count == 2 else {
            problems.add(line.file, line.line, "field 'slope' must be two rankings, as [FROM, TO] (e.g. [\"bm25\", \"qwen3-8b/fused\"])")
            return nil
        }
        var columns: [RankingColumn] = []
        for spec in specs {
            switch RankingColumn.parse(spec) {
            case .success(let column): columns.append(column)
            case .failure(let error): problems.add(line.file, line.line, "field 'slope': \(error.message)")
            }
        }
        return columns.count == 2 ? columns : nil
    }

    private static func readCandidate(_ element: Any, position: Int, line: JSONLine,
                                      problems: inout ProblemList) -> ImportedCandidate? {
        if let text = element as? String {
            return ImportedCandidate(text: text, file: line.file, line: line.line)
        }
        guard let object = element as? [String: Any] else {
            problems.add(line.file, line.line, "candidate \(position + 1) must be a string or an object with 'text'")
            return nil
        }
        let inner = JSONLine(object: object, file: line.file, line: line.line)
        for key in object.keys.sorted() where !candidateKeys.contains(key) {
            problems.add(line.file, line.line, "candidate \(position + 1): unknown key '\(key)'; known keys: "
                + candidateKeys.joined(separator: ", "))
        }
        guard let text = inner.string("text", required: true, problems: &problems) else { return nil }
        return ImportedCandidate(text: text, id: inner.string("id", required: false, problems: &problems),
                                 label: inner.integer("label", problems: &problems),
                                 note: inner.string("note", required: false, problems: &problems),
                                 file: line.file, line: line.line)
    }
}
