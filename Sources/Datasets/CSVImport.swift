import Foundation

/// `import csv FILE`: one row per (query, candidate), rows of a case in first-stage order.
///
/// Columns are found by header name (any case): the query; the candidate's text; optional label,
/// candidate id, note, instruction, case (which rows form one case; without it, rows with the same
/// query do), title and section. `--columns role=header` names the column for a role.
enum CSVImport {
    /// Each role and the header names that fill it, first match wins.
    static let roles: [(role: String, names: [String])] = [
        ("query", ["query", "question"]),
        ("candidate", ["candidate", "document", "text", "passage"]),
        ("label", ["label", "rel", "relevance", "score"]),
        ("id", ["id", "doc_id", "docid", "candidate_id", "document_id"]),
        ("note", ["note"]),
        ("instruction", ["instruction"]),
        ("case", ["case", "qid", "query_id", "case_id"]),
        ("title", ["title"]),
        ("section", ["section"]),
    ]

    static func read(_ reader: LineReader, columns: [String: String], problems: inout ProblemList) throws -> [ImportedCase] {
        guard let table = try CSVTable.read(reader, problems: &problems) else { return [] }
        let lowered = table.header.map { $0.lowercased() }
        var column: [String: Int] = [:]
        for (role, header) in columns.sorted(by: { $0.key < $1.key }) {
            guard roles.contains(where: { $0.role == role }) else {
                problems.add(reader.name, 0, "--columns: unknown role '\(role)'; roles: \(roles.map(\.role).joined(separator: ", "))")
                continue
            }
            guard let index = lowered.firstIndex(of: header.lowercased()) else {
                problems.add(reader.name, 1, "--columns \(role)=\(header): no column '\(header)' in the header (\(table.header.joined(separator: ", ")))")
                continue
            }
            column[role] = index
        }
        for (role, names) in roles where column[role] == nil {
            if let index = names.lazy.compactMap({ lowered.firstIndex(of: $0) }).first { column[role] = index }
        }
        for required in ["query", "candidate"] where column[required] == nil {
            problems.add(reader.name, 1, "no \(required) column: the header (\(table.header.joined(separator: ", "))) has none of "
                + (roles.first { $0.role == required }?.names.joined(separator: ", ") ?? "")
                + "; name one with --columns \(required)=HEADER")
        }
        guard column["query"] != nil, column["candidate"] != nil else { return [] }

        var cases: [ImportedCase] = []
        var caseIndex: [String: Int] = [:]
        for record in table.records {
            let fields = record.fields
            if fields.count == 1 && fields[0].isEmpty { continue }
            guard fields.count == table.header.count else {
                problems.add(reader.name, record.line, "expected \(table.header.count) fields as in the header, found \(fields.count)")
                continue
            }
            func value(_ role: String) -> String? {
                guard let index = column[role] else { return nil }
                let text = fields[index]
                return text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : text
            }
            guard let query = value("query") else { problems.add(reader.name, record.line, "the query is empty"); continue }
            guard let text = value("candidate") else { problems.add(reader.name, record.line, "the candidate is empty"); continue }
            var label: Int?
            if let raw = value("label") {
                guard let number = Int(raw.trimmingCharacters(in: .whitespaces)) else {
                    problems.add(reader.name, record.line, "the label '\(raw)' is not an integer")
                    continue
                }
                label = number
            }
            let candidate = ImportedCandidate(text: text, id: value("id")?.trimmingCharacters(in: .whitespaces),
                                              label: label, note: value("note"), file: reader.name, line: record.line)
            let key = value("case") ?? query
            if let index = caseIndex[key] {
                if cases[index].query != query {
                    problems.add(reader.name, record.line, "case '\(key)' has another query on line \(cases[index].origin.line)")
                    continue
                }
                cases[index].candidates.append(candidate)
                if cases[index].instructions.isEmpty, let instruction = value("instruction") { cases[index].instructions = [instruction] }
            } else {
                caseIndex[key] = cases.count
                var item = ImportedCase(key: value("case"), query: query, candidates: [candidate], file: reader.name, line: record.line)
                item.title = value("title")
                item.instructions = value("instruction").map { [$0] } ?? []
                item.section = value("section").map { $0.split(separator: "/").map(String.init) } ?? []
                cases.append(item)
            }
        }
        return cases
    }
}
