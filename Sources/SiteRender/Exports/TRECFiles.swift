import RerankCore

/// TREC run files (`qid Q0 docid rank score runname`) per scorer and a qrels file from the labels.
/// qid is the case slug (whitespace replaced by `_`), docid is the candidate's id (`{id=…}`), else
/// `c<first-stage index>`.
enum TRECFiles {
    static func qid(_ slug: String) -> String { trecQueryID(slug: slug) }

    /// One run: each case's first instruction and original query, ranks in our order (ties already
    /// broken by first-stage position), scores as `runFileScores` writes them so that trec_eval sees
    /// the same order. Cases without that ranking are left out.
    static func run(_ site: SiteContext, scorer: String) -> [UInt8] {
        let runName = SitePaths.fileSafe(scorer)
        var out = ""
        for c in site.results.cases {
            guard let r = site.primary(c, scorer: scorer) else { continue }
            let q = qid(c.file.slug)
            let scores = runFileScores(scores: r.scores, order: r.order)
            for (i, candidate) in r.order.enumerated() where candidate < c.file.candidates.count {
                out += TrecRunLine.text(queryID: q, docid: c.file.candidates[candidate].exportID, rank: i + 1,
                                       score: formatData(scores[i]), tag: runName)
            }
        }
        return Array(out.utf8)
    }

    /// `qid 0 docid rel` for every candidate of every labelled case; unlabelled candidates count as 0,
    /// as in the metrics.
    static func qrels(_ site: SiteContext) -> [UInt8] {
        var out = ""
        for c in site.results.cases where c.file.hasLabels {
            let q = qid(c.file.slug)
            for candidate in c.file.candidates {
                out += "\(q) 0 \(candidate.exportID) \(candidate.label ?? 0)\n"
            }
        }
        return Array(out.utf8)
    }
}
