import Foundation
import RerankCore

/// One score line of a run file (`kind: run`), with the line it came from.
struct RunEntry: Equatable {
    /// A case's TREC query id (slug, whitespace as `_`), its slug, or its path.
    var caseName: String
    /// A candidate: its `{id=…}`, or `c<first-stage index>` for one without.
    var candidate: String
    var score: Double
    /// JSONL only: the instruction and the query (or rewrite) the score is for; nil means any
    /// instruction and the original query.
    var instruction: String?
    var query: String?
    var line: Int
}

/// Parses a run file: a TREC run (`qid Q0 docid rank score tag`, as the site's data/*.run) or JSONL
/// (`{"case", "candidate", "score"}` with optional `"instruction"` and `"query"`); the first
/// non-blank line decides (`{` starts JSONL). Pure; every malformed line is reported, as
/// `file:line: message`.
enum RunFileParser {
    static func parse(_ text: String, file: String) -> (entries: [RunEntry], problems: [String]) {
        var entries: [RunEntry] = []
        var problems: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let isJSONL = lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?
            .trimmingCharacters(in: .whitespaces).hasPrefix("{") ?? false
        for (i, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let result = isJSONL ? jsonLine(String(line), number: i + 1) : trecLine(String(line), number: i + 1)
            switch result {
            case .success(let entry): entries.append(entry)
            case .failure(let why): problems.append("\(file):\(i + 1): \(why.message)")
            }
        }
        if entries.isEmpty && problems.isEmpty { problems.append("\(file): the run file holds no scores") }
        return (entries, problems)
    }

    struct LineProblem: Error { var message: String }

    static func trecLine(_ line: String, number: Int) -> Result<RunEntry, LineProblem> {
        switch TrecRunLine.parse(line.utf8) {
        case .line(let run):
            return .success(RunEntry(caseName: run.queryID, candidate: run.docid, score: run.score, line: number))
        case .problem(let message):
            return .failure(LineProblem(message: message))
        case .blank:
            return .failure(LineProblem(message: "blank line"))  // blank lines are skipped before
        }
    }

    private struct JSONLine: Decodable {
        var `case`: String?
        var candidate: String?
        var score: Double?
        var instruction: String?
        var query: String?
    }

    static let jsonFields = ["case", "candidate", "score", "instruction", "query"]

    static func jsonLine(_ line: String, number: Int) -> Result<RunEntry, LineProblem> {
        let data = Data(line.utf8)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(LineProblem(message: "not a JSON object on one line"))
        }
        if let unknown = object.keys.sorted().first(where: { !jsonFields.contains($0) }) {
            return .failure(LineProblem(message: "unknown field \"\(unknown)\" (known: \(jsonFields.joined(separator: ", ")))"))
        }
        guard let fields = try? JSONDecoder().decode(JSONLine.self, from: data) else {
            return .failure(LineProblem(message: "\"case\", \"candidate\", \"instruction\" and \"query\" must be strings, \"score\" a number"))
        }
        var missing: [String] = []
        if fields.case == nil { missing.append("\"case\"") }
        if fields.candidate == nil { missing.append("\"candidate\"") }
        if fields.score == nil { missing.append("\"score\"") }
        guard missing.isEmpty, let caseName = fields.case, let candidate = fields.candidate, let score = fields.score else {
            return .failure(LineProblem(message: "needs \(missing.joined(separator: ", "))"))
        }
        guard score.isFinite else { return .failure(LineProblem(message: "score is not a finite number")) }
        return .success(RunEntry(caseName: caseName, candidate: candidate, score: score,
                                 instruction: fields.instruction, query: fields.query, line: number))
    }

}
