import Foundation

/// `import beir DIR [--split test] [--run FILE] [--top-k K]`: corpus.jsonl, queries.jsonl and
/// qrels/SPLIT.tsv. The cases are the split's queries; candidates come in the run's order (cut
/// at K), or without a run are the judged documents in qrels order. The corpus is streamed and
/// only the documents the cases need are kept.
enum BEIRImport {
    static func read(_ options: ImportOptions, problems: inout ProblemList) throws -> [ImportedCase] {
        guard let folder = options.sources.first else { return [] }
        func reader(_ relative: String) -> LineReader {
            LineReader(path: folder.appendingPathComponent(relative).path, name: relative)
        }
        let qrelsName = "qrels/\(options.split).tsv"
        let qrels = try Qrels.read(reader(qrelsName), beirTSV: true, problems: &problems)
        var plan = RankedImport(format: .beir, qids: [], picks: [:], qrels: qrels, fromRun: options.run != nil)
        var origin: [String: (String, Int)] = [:]
        for qid in qrels.queryOrder { origin[qid] = (qrelsName, qrels.judgments(of: qid).first?.line ?? 0) }
        if let runURL = options.run {
            let runReader = LineReader(path: runURL.path, name: runURL.lastPathComponent)
            let run = try RunFile.read(runReader, problems: &problems)
            for qid in qrels.queryOrder {
                let ranked = run.ranked(qid, topK: options.topK ?? 20)
                guard !ranked.isEmpty else { continue }
                plan.qids.append(qid)
                plan.picks[qid] = ranked.map { RankedImport.Pick(docid: $0.docid, file: runReader.name, line: $0.line) }
            }
        } else {
            plan.qids = qrels.queryOrder
            for qid in qrels.queryOrder {
                var judgments = qrels.judgments(of: qid)
                if let topK = options.topK { judgments = Array(judgments.prefix(topK)) }
                plan.picks[qid] = judgments.map { RankedImport.Pick(docid: $0.docid, file: qrelsName, line: $0.line) }
            }
        }
        plan.qids = CaseSelection.indices(count: plan.qids.count, sample: options.sample, seed: options.seed,
                                          limit: options.limit).map { plan.qids[$0] }
        // Stop before the large files when the small ones already failed.
        guard problems.isEmpty else { return [] }
        let queries = try TextStore.jsonl(reader("queries.jsonl"), wanted: plan.wantedQueries, problems: &problems)
        let documents = try TextStore.jsonl(reader("corpus.jsonl"), wanted: plan.wantedDocuments, problems: &problems)
        return plan.cases(queries: queries, queryFile: "queries.jsonl", documents: documents, documentFile: "corpus.jsonl",
                          queryOrigin: origin, problems: &problems)
    }
}
