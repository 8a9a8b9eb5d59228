import RerankCore

/// Cases from a first-stage run (or judgments alone) over a document store: the common part of
/// `import beir` and `import trec`.
struct RankedImport {
    struct Pick { var docid: String; var file: String; var line: Int }
    let format: DatasetFormat
    /// Query ids that become cases, in order.
    var qids: [String]
    /// Each query's candidates, in first-stage order.
    var picks: [String: [Pick]]
    var qrels: Qrels?
    /// True when the order came from a run (else from the judgments, which a note says).
    var fromRun: Bool

    /// The queries and documents these cases need.
    var wantedQueries: Set<String> { Set(qids) }
    var wantedDocuments: Set<String> { Set(qids.flatMap { picks[$0, default: []].map(\.docid) }) }

    /// The cases, once `queries` and `documents` are read; missing ones become problems at the line
    /// that asked for them.
    func cases(queries: [String: String], queryFile: String, documents: [String: String], documentFile: String,
               queryOrigin: [String: (String, Int)], problems: inout ProblemList) -> [ImportedCase] {
        var cases: [ImportedCase] = []
        for qid in qids {
            let origin = queryOrigin[qid] ?? ("", 0)
            guard let query = queries[qid] else {
                problems.add(origin.0, origin.1, "unknown query id '\(qid)': not in \(queryFile)")
                continue
            }
            let judged = Dictionary((qrels?.judgments(of: qid) ?? []).map { ($0.docid, $0.relevance) }, uniquingKeysWith: { a, _ in a })
            var candidates: [ImportedCandidate] = []
            for pick in picks[qid, default: []] {
                if let problem = CandidateID.problem(pick.docid) {
                    problems.add(pick.file, pick.line, "document id '\(pick.docid)' cannot be a candidate id: \(problem)")
                    continue
                }
                guard let text = documents[pick.docid] else {
                    problems.add(pick.file, pick.line, "document '\(pick.docid)' is not in \(documentFile)")
                    continue
                }
                candidates.append(ImportedCandidate(text: text, id: pick.docid, label: judged[pick.docid],
                                                    file: pick.file, line: pick.line))
            }
            var item = ImportedCase(key: qid, query: query, candidates: candidates, file: origin.0, line: origin.1)
            if let qrels {
                let retrieved = Set(candidates.compactMap(\.id))
                item.missedRelevant = qrels.judgments(of: qid).filter { $0.relevance > 0 && !retrieved.contains($0.docid) }.count
            }
            if !fromRun {
                item.intro = "No first-stage run was imported: the candidates are the query's judged documents "
                    + "in the order of the judgments file, so the baseline is that order."
            }
            cases.append(item)
        }
        return cases
    }
}
