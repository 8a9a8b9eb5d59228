import RerankCore

/// A TREC run (`qid Q0 docid rank score tag`, lines read by `TrecRunLine`) read into each query's
/// first-stage order.
///
/// The order is trec_eval's: by score, highest first, equal scores by docid in reverse byte order
/// (trec_eval's `comp_sim_docno`); the rank column is not read. `--top-k` cuts each query's list
/// after that sort, as `trec_eval -M k` would.
struct RunFile {
    struct Entry { var docid: String; var score: Double; var line: Int }
    /// Query ids in order of first appearance.
    private(set) var queryOrder: [String] = []
    private(set) var entries: [String: [Entry]] = [:]

    mutating func add(qid: String, _ entry: Entry) {
        if entries[qid] == nil { queryOrder.append(qid) }
        entries[qid, default: []].append(entry)
    }

    /// Reads every line; malformed lines and duplicate (query, document) pairs become problems.
    static func read(_ reader: LineReader, problems: inout ProblemList) throws -> RunFile {
        var run = RunFile()
        var firstLine: [String: [String: Int]] = [:]
        try reader.forEachLine { bytes, number in
            switch TrecRunLine.parse(bytes) {
            case .blank:
                return true
            case .problem(let message):
                problems.add(reader.name, number, message)
                return true
            case .line(let line):
                if let first = firstLine[line.queryID]?[line.docid] {
                    problems.add(reader.name, number,
                                 "document '\(line.docid)' is listed twice for query '\(line.queryID)' (first at line \(first))")
                    return true
                }
                firstLine[line.queryID, default: [:]][line.docid] = number
                run.add(qid: line.queryID, Entry(docid: line.docid, score: line.score, line: number))
                return true
            }
        }
        return run
    }

    /// The query's documents in trec_eval's order, the first `topK` (all when nil).
    func ranked(_ qid: String, topK: Int?) -> [Entry] {
        let sorted = (entries[qid] ?? []).sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            return $1.docid.utf8.lexicographicallyPrecedes($0.docid.utf8)
        }
        guard let topK else { return sorted }
        return Array(sorted.prefix(topK))
    }
}

/// Relevance judgments: TREC qrels (`qid 0 docid rel`) or BEIR's TSV (`query-id corpus-id score`,
/// with a header line).
struct Qrels {
    struct Judgment { var docid: String; var relevance: Int; var line: Int }
    private(set) var queryOrder: [String] = []
    private(set) var judgments: [String: [Judgment]] = [:]

    func judgments(of qid: String) -> [Judgment] { judgments[qid] ?? [] }

    /// `beirTSV`: three tab-separated fields and an optional header; else TREC's four fields.
    static func read(_ reader: LineReader, beirTSV: Bool, problems: inout ProblemList) throws -> Qrels {
        var qrels = Qrels()
        var seen: [String: Set<String>] = [:]
        try reader.forEachLine { bytes, number in
            let fields = bytes.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map { String(decoding: $0, as: UTF8.self) }
            if fields.isEmpty { return true }
            if beirTSV && number == 1 && Int(fields.last ?? "") == nil { return true }  // the header
            let expected = beirTSV ? 3 : 4
            guard fields.count == expected else {
                problems.add(reader.name, number, beirTSV
                    ? "expected 3 fields 'query-id<TAB>corpus-id<TAB>score', found \(fields.count)"
                    : "expected 4 fields 'qid 0 docid relevance', found \(fields.count)")
                return true
            }
            let qid = fields[0], docid = fields[beirTSV ? 1 : 2], value = fields[beirTSV ? 2 : 3]
            guard let relevance = Int(value) else {
                problems.add(reader.name, number, "the relevance '\(value)' is not an integer")
                return true
            }
            guard relevance <= 100 else {
                problems.add(reader.name, number, "the relevance \(relevance) is above 100, the most a case file's label can be")
                return true
            }
            guard seen[qid, default: []].insert(docid).inserted else {
                problems.add(reader.name, number, "document '\(docid)' is judged twice for query '\(qid)'")
                return true
            }
            if qrels.judgments[qid] == nil { qrels.queryOrder.append(qid) }
            // trec_eval counts a negative judgment as not relevant; a case file's label is 0 then.
            qrels.judgments[qid, default: []].append(Judgment(docid: docid, relevance: max(0, relevance), line: number))
            return true
        }
        return qrels
    }
}
