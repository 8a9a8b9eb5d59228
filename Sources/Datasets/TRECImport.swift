import Foundation

/// `import trec --topics FILE --docs FILE --run FILE [--qrels FILE] [--top-k K]`: TSV topics and
/// documents (`id<TAB>text`, MS MARCO style), a TREC run and optional qrels. The cases are the
/// run's queries in order of first appearance.
enum TRECImport {
    static func read(_ options: ImportOptions, problems: inout ProblemList) throws -> [ImportedCase] {
        guard let topicsURL = options.topics, let docsURL = options.docs, let runURL = options.run else { return [] }
        let runReader = LineReader(path: runURL.path, name: runURL.lastPathComponent)
        let run = try RunFile.read(runReader, problems: &problems)
        var qrels: Qrels?
        if let qrelsURL = options.qrels {
            qrels = try Qrels.read(LineReader(path: qrelsURL.path, name: qrelsURL.lastPathComponent), beirTSV: false,
                                   problems: &problems)
        }
        var plan = RankedImport(format: .trec, qids: [], picks: [:], qrels: qrels, fromRun: true)
        var origin: [String: (String, Int)] = [:]
        let chosen = CaseSelection.indices(count: run.queryOrder.count, sample: options.sample, seed: options.seed,
                                           limit: options.limit)
        for qid in chosen.map({ run.queryOrder[$0] }) {
            let ranked = run.ranked(qid, topK: options.topK ?? 20)
            plan.qids.append(qid)
            plan.picks[qid] = ranked.map { RankedImport.Pick(docid: $0.docid, file: runReader.name, line: $0.line) }
            origin[qid] = (runReader.name, run.entries[qid]?.first?.line ?? 0)
        }
        guard problems.isEmpty else { return [] }
        let topics = LineReader(path: topicsURL.path, name: topicsURL.lastPathComponent)
        let docs = LineReader(path: docsURL.path, name: docsURL.lastPathComponent)
        let queries = try TextStore.tsv(topics, wanted: plan.wantedQueries, problems: &problems)
        let documents = try TextStore.tsv(docs, wanted: plan.wantedDocuments, problems: &problems)
        return plan.cases(queries: queries, queryFile: topics.name, documents: documents, documentFile: docs.name,
                          queryOrigin: origin, problems: &problems)
    }
}
