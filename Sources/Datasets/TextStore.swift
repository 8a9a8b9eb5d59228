/// Texts by id, read from a large file while keeping only the ids asked for: BEIR's corpus.jsonl
/// and queries.jsonl (`_id`, `title`, `text`) or a TSV of `id<TAB>text` lines (MS MARCO style).
enum TextStore {
    /// The texts of `wanted` in a JSON Lines file. A corpus document is its title and text joined
    /// by a blank line (just the text when the title is empty).
    static func jsonl(_ reader: LineReader, wanted: Set<String>, problems: inout ProblemList) throws -> [String: String] {
        var found: [String: String] = [:]
        try reader.forEachLine { bytes, number in
            if let id = JSONLine.quickID(bytes), !wanted.contains(id) { return true }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
            switch JSONLine.parse(bytes, file: reader.name, line: number) {
            case .failure(let problem):
                problems.add(problem)
            case .success(let line):
                guard let id = line.string("_id", required: true, problems: &problems), wanted.contains(id) else { return true }
                let text = line.string("text", required: true, problems: &problems) ?? ""
                let title = line.string("title", required: false, problems: &problems) ?? ""
                if found[id] != nil {
                    problems.add(reader.name, number, "id '\(id)' appears twice in the file")
                }
                found[id] = title.isEmpty ? text : text.isEmpty ? title : title + "\n\n" + text
            }
            return true
        }
        return found
    }

    /// The texts of `wanted` in a file of `id<TAB>text` lines.
    static func tsv(_ reader: LineReader, wanted: Set<String>, problems: inout ProblemList) throws -> [String: String] {
        var found: [String: String] = [:]
        try reader.forEachLine { bytes, number in
            if bytes.isEmpty { return true }
            guard let tab = bytes.firstIndex(of: 0x09) else {
                problems.add(reader.name, number, "expected 'id<TAB>text', found no tab")
                return true
            }
            let id = String(decoding: bytes[..<tab], as: UTF8.self)
            guard wanted.contains(id) else { return true }
            guard let text = String(validating: bytes[(tab + 1)...], as: UTF8.self) else {
                problems.add(reader.name, number, "not UTF-8 text; save the file as UTF-8")
                return true
            }
            if found[id] != nil { problems.add(reader.name, number, "id '\(id)' appears twice in the file") }
            found[id] = text
            return true
        }
        return found
    }
}
