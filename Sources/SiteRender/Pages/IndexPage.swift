import RerankCore

/// The view model of index.html: the summary per scorer, score histograms, the cases by section
/// with a verdict each, the method notes, downloads and the reproduction facts.
struct IndexPage {
    let site: SiteContext
    let path = SitePaths.index

    func model() -> IndexPageModel {
        let results = site.results
        let paging = SectionPages(site: site)
        let facts = IndexPageModel.Facts(
            title: results.title,
            caseCount: results.cases.count,
            labelledCount: results.cases.filter { $0.file.hasLabels }.count,
            scorerCount: site.scorers.count,
            baseline: site.baseline,
            fusion: results.fusion.rawValue,
            fusionText: fusionText(results.fusion),
            toolVersion: results.toolVersion,
            bootstrapResamples: groupedThousands(ResamplingSettings.standard.bootstrapResamples),
            randomisations: groupedThousands(ResamplingSettings.standard.randomisations),
            exactUpTo: ResamplingSettings.standard.exactUpTo,
            seed: String(ResamplingSettings.standard.seed),
            pageSize: SectionPages.pageSize,
            hasSummary: !results.summaries.isEmpty)
        return IndexPageModel(
            facts: facts,
            metricNotes: results.metrics.map { NamedText(name: $0.title, text: $0.explanation) },
            summary: summary(),
            comparison: comparison(),
            histograms: histograms(),
            sections: paging.isPaged ? [] : sections(),
            sectionLinks: paging.isPaged ? paging.indexEntries(from: path) : [],
            paged: paging.isPaged,
            downloads: downloads(),
            scorers: site.scorers.map { s in
                let summary = site.summary(s)
                return ScorerFacts(id: s, kind: summary?.kind ?? "", fingerprint: summary?.fingerprint ?? "",
                                   isBaseline: s == site.baseline)
            },
            notRun: notRun(),
            modelCards: ModelCardsView.items(site),
            checks: ChecksView(site: site, path: path).indexModel(),
            legend: site.scale.legend(labels: results.cases.flatMap { $0.file.candidates.map(\.label) })
                .map { LegendItem(cls: $0.className, text: $0.text) })
    }

    /// One group per compared (scorer, instruction slot, variant).
    private func comparison() -> [ComparisonGroup] {
        let multipleSlots = site.comparisons.contains { $0.instructionSlot > 1 }
        return site.comparisons.map { ComparisonGroup($0, metrics: site.metrics, baseline: site.baseline, multipleSlots: multipleSlots) }
    }

    private func fusionText(_ f: FusionMethod) -> String {
        switch f {
        case .max: return "the highest score a candidate gets for the query or any rewrite"
        case .mean: return "the mean of a candidate's scores for the query and its rewrites"
        case .rrf: return "reciprocal-rank fusion (k = 60) of the rankings for the query and its rewrites"
        }
    }

    /// Metrics as rows, scorers as columns; the best value of each row is marked.
    private func summary() -> SummaryTable {
        let summaries = site.scorers.compactMap { site.summary($0) }
        let base = site.summary(site.baseline)
        var rows: [SummaryTable.Row] = []
        for metric in site.results.metrics {
            let percent = metric.isShare
            let values = summaries.map { $0.means[metric.name] }
            let best = values.compactMap { $0 }.max()
            let baseValue = base?.means[metric.name]
            let cells = zip(summaries, values).map { (s, v) -> SummaryTable.Cell in
                guard let v else { return SummaryTable.Cell("—") }
                let text = percent ? formatPercent(v) : fixed(v, 4)
                let isBest = summaries.count > 1 && v == best
                guard s.scorer != site.baseline, let b = baseValue, v != b else { return SummaryTable.Cell(text, best: isBest) }
                let delta = percent ? formatDelta((v - b) * 100, 1) + " pt" : formatDelta(v - b, 4)
                return SummaryTable.Cell(text, best: isBest, delta: (delta, v > b ? "up" : "down"))
            }
            rows.append(SummaryTable.Row(name: metric.title, help: metric.explanation, cells: cells))
        }
        let bestCorrect = summaries.map(\.correctFirst).max()
        rows.append(SummaryTable.Row(name: "Correct first results", help: "cases whose top result has the highest label",
                                     cells: summaries.map { s in
                                         let text: String
                                         if s.scorer == site.baseline || base == nil {
                                             text = "\(s.correctFirst) of \(s.labelledCases)"
                                         } else {
                                             text = "\(base?.correctFirst ?? 0) → \(s.correctFirst)"
                                         }
                                         return SummaryTable.Cell(text, best: summaries.count > 1 && s.correctFirst == bestCorrect)
                                     }))
        rows.append(SummaryTable.Row(name: "Wins / ties / losses", help: "per labelled case against \(site.baseline), by NDCG@10",
                                     cells: summaries.map { s in
                                         guard s.scorer != site.baseline else { return SummaryTable.Cell("baseline") }
                                         let w = s.versusBaseline
                                         return SummaryTable.Cell("\(w.wins) / \(w.ties) / \(w.losses)",
                                                                  wtl: (w.wins, w.ties, w.losses))
                                     }))
        rows.append(SummaryTable.Row(name: "Labelled cases", help: "the averages are over these",
                                     cells: summaries.map { SummaryTable.Cell(String($0.labelledCases)) }))
        // The model's name says something only when it differs from the id (`bm25` is `BM25`).
        return SummaryTable(columns: summaries.map {
                                SummaryTable.Column(scorer: $0.scorer, kind: site.modelName($0.scorer),
                                                    isBaseline: $0.scorer == site.baseline)
                            },
                            rows: rows)
    }

    /// Configured scorers whose model is missing: why, and what gets it (`code` spans as <code>).
    private func notRun() -> [NotRunItem] {
        site.results.notRun.map { n in
            NotRunItem(scorer: n.scorer, kind: n.kind, model: n.model, reason: n.reason, remedyHtml: htmlWithCodeSpans(n.remedy))
        }
    }

    /// One histogram per scorer of every score it gave to the original query, stacked by label.
    private func histograms() -> [HistogramFigure] {
        site.scorers.map { scorer in
            var scores: [(score: Double, label: Int?)] = []
            for c in site.results.cases {
                for r in site.sortedRankings(c) where r.scorer == scorer && r.variant == .query {
                    for (i, s) in r.scores.enumerated() { scores.append((s, c.file.candidates[i].label)) }
                }
            }
            if scores.isEmpty, let summary = site.summary(scorer) {
                scores = summary.allScores.map { ($0, nil) }
            }
            let axis = site.axes[scorer] ?? ScoreAxis(lo: 0, hi: 1)
            let kind = site.modelName(scorer)
            return HistogramFigure(scorer: scorer, kind: kind, count: scores.count,
                                   svgHtml: HistogramChart.svg(scorer: scorer, scores: scores, axis: axis, scale: site.scale))
        }
    }

    /// Cases grouped by section: top-level cases first, then sections in name order; each group keeps
    /// the input order of its cases.
    private func sections() -> [CaseGroup] {
        SectionPages(site: site).groups.map { group in
            CaseGroup(name: group.key.joined(separator: " / "),
                      anchor: "s-" + SitePaths.fileSafe(group.key.isEmpty ? "top" : group.key.joined(separator: "-")),
                      cases: group.cases.map(caseEntry))
        }
    }

    private func caseEntry(_ c: CaseResult) -> CaseEntry {
        var verdicts: [CaseEntry.VerdictLine] = []
        if let base = site.primary(c, scorer: site.baseline) {
            for scorer in site.scorers where scorer != site.baseline {
                guard let r = site.primary(c, scorer: scorer) else { continue }
                let v = Verdict.make(file: c.file, baseline: base, ranking: r)
                verdicts.append(CaseEntry.VerdictLine(scorer: scorer, text: v.text, cls: v.direction.rawValue))
            }
        }
        return CaseEntry(title: c.file.title,
                         href: SitePaths.href(from: path, to: site.casePaths[c.file.slug] ?? ""),
                         query: c.file.query,
                         tags: c.file.tags,
                         draft: c.file.draft,
                         labelled: c.file.hasLabels,
                         candidateCount: c.file.candidates.count,
                         bestLabel: c.file.candidates.compactMap(\.label).max().map(String.init) ?? "",
                         verdicts: verdicts,
                         hasRewrites: !c.file.rewrites.isEmpty,
                         instructionCount: site.instructions(of: c).count)
    }

    private func downloads() -> [DownloadLink] {
        var out: [DownloadLink] = site.results.history.isEmpty ? [] : [
            DownloadLink(href: SitePaths.history, name: "Run history", text: "\(site.results.history.count) recorded runs: trends and what changed since the previous run"),
        ]
        out += [
            DownloadLink(href: SitePaths.resultsJSON, name: "results.json", text: "every score, ranking and metric, with the reproduction block"),
            DownloadLink(href: SitePaths.resultsCSV, name: "results.csv", text: "one row per case × scorer × instruction × variant × candidate"),
        ]
        if site.results.cases.contains(where: { $0.file.hasLabels }) {
            out.append(DownloadLink(href: SitePaths.qrels, name: "qrels.txt", text: "TREC relevance judgements from the labels"))
        }
        for s in site.scorers {
            guard let run = site.runFiles[s] else { continue }
            out.append(DownloadLink(href: run, name: String(run.dropFirst("data/".count)),
                                    text: "TREC run of \(s) (first instruction, original query)"))
        }
        return out
    }
}
