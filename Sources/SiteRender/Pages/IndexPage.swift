import RerankCore

/// The view model of index.html: the summary per scorer, score histograms, the cases by section
/// with a verdict each, the method notes, downloads and the reproduction facts.
struct IndexPage {
    let site: SiteContext
    let path = SitePaths.index

    func model() -> [String: Any] {
        let results = site.results
        let paging = SectionPages(site: site)
        let labelled = results.cases.filter { $0.file.hasLabels }.count
        return [
            "title": results.title,
            "caseCount": results.cases.count,
            "labelledCount": labelled,
            "scorerCount": site.scorers.count,
            "baseline": site.baseline,
            "tieBreakRule": tieBreakRule,
            "runFileTieRule": runFileTieRule,
            "metricNotes": results.metrics.map { ["name": $0.title, "text": $0.explanation] },
            "fusion": results.fusion.rawValue,
            "fusionText": fusionText(results.fusion),
            "toolVersion": results.toolVersion,
            "summary": summary(),
            "hasSummary": !results.summaries.isEmpty,
            "comparison": comparison(),
            "hasComparison": !site.comparisons.isEmpty,
            "bootstrapResamples": groupedThousands(ResamplingSettings.standard.bootstrapResamples),
            "randomisations": groupedThousands(ResamplingSettings.standard.randomisations),
            "exactUpTo": ResamplingSettings.standard.exactUpTo,
            "seed": String(ResamplingSettings.standard.seed),
            "histograms": histograms(),
            "sections": paging.isPaged ? [] : sections(),
            "paged": paging.isPaged,
            "pageSize": SectionPages.pageSize,
            "sectionLinks": paging.isPaged ? paging.indexEntries(from: path) : [],
            "downloads": downloads(),
            "scorers": site.scorers.map { s -> [String: Any] in
                let summary = site.summary(s)
                return ["id": s, "kind": summary?.kind ?? "", "fingerprint": summary?.fingerprint ?? "",
                        "isBaseline": s == site.baseline]
            },
            "notRun": notRun(),
            "hasNotRun": !results.notRun.isEmpty,
            "modelCards": ModelCardsView.items(site),
            "checks": ChecksView(site: site, path: path).indexModel(),
            "legend": site.scale.legend(labels: results.cases.flatMap { $0.file.candidates.map(\.label) })
                .map { ["cls": $0.className, "text": $0.text] },
        ]
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
    private func summary() -> [String: Any] {
        let summaries = site.scorers.compactMap { site.summary($0) }
        let base = site.summary(site.baseline)
        var rows: [[String: Any]] = []
        for metric in site.results.metrics {
            let percent = metric.isShare
            let values = summaries.map { $0.means[metric.name] }
            let best = values.compactMap { $0 }.max()
            let baseValue = base?.means[metric.name]
            let cells: [[String: Any]] = zip(summaries, values).map { (s, v) in
                guard let v else { return summaryCell("—") }
                var cell = summaryCell(percent ? formatPercent(v) : fixed(v, 4), best: summaries.count > 1 && v == best)
                if s.scorer != site.baseline, let b = baseValue, v != b {
                    cell["hasDelta"] = true
                    cell["delta"] = percent ? formatDelta((v - b) * 100, 1) + " pt" : formatDelta(v - b, 4)
                    cell["deltaCls"] = v > b ? "up" : "down"
                }
                return cell
            }
            rows.append(["name": metric.title, "help": metric.explanation, "cells": cells])
        }
        let bestCorrect = summaries.map(\.correctFirst).max()
        rows.append(["name": "Correct first results", "help": "cases whose top result has the highest label",
                     "cells": summaries.map { s -> [String: Any] in
                         let text: String
                         if s.scorer == site.baseline || base == nil {
                             text = "\(s.correctFirst) of \(s.labelledCases)"
                         } else {
                             text = "\(base?.correctFirst ?? 0) → \(s.correctFirst)"
                         }
                         return summaryCell(text, best: summaries.count > 1 && s.correctFirst == bestCorrect)
                     }])
        rows.append(["name": "Wins / ties / losses", "help": "per labelled case against \(site.baseline), by NDCG@10",
                     "cells": summaries.map { s -> [String: Any] in
                         guard s.scorer != site.baseline else { return summaryCell("baseline") }
                         let w = s.versusBaseline
                         return ["text": "\(w.wins) / \(w.ties) / \(w.losses)", "best": false, "hasDelta": false,
                                 "wtl": true, "wins": w.wins, "ties": w.ties, "losses": w.losses,
                                 "winsCls": w.wins > 0 ? "up" : "", "lossesCls": w.losses > 0 ? "down" : ""]
                     }])
        rows.append(["name": "Labelled cases", "help": "the averages are over these",
                     "cells": summaries.map { summaryCell(String($0.labelledCases)) }])
        return [
            "columns": summaries.map { s -> [String: Any] in
                // The model's name says something only when it differs from the id (`bm25` is `BM25`).
                let kind = site.modelName(s.scorer)
                let baseline = s.scorer == site.baseline
                return ["scorer": s.scorer, "kind": kind, "isBaseline": baseline,
                        "kindLine": [kind, baseline ? "baseline" : ""].filter { !$0.isEmpty }.joined(separator: " · ")]
            },
            "rows": rows,
        ]
    }

    /// Configured scorers whose model is missing: why, and what gets it (`code` spans as <code>).
    private func notRun() -> [[String: Any]] {
        site.results.notRun.map { n in
            ["scorer": n.scorer, "kind": n.kind, "model": n.model, "reason": n.reason,
             "remedyHtml": htmlWithCodeSpans(n.remedy)]
        }
    }

    /// One histogram per scorer of every score it gave to the original query, stacked by label.
    private func histograms() -> [[String: Any]] {
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
            return ["scorer": scorer, "kind": kind, "hasKind": !kind.isEmpty, "count": scores.count,
                    "svgHtml": HistogramChart.svg(scorer: scorer, scores: scores, axis: axis, scale: site.scale)]
        }
    }

    /// Cases grouped by section: top-level cases first, then sections in name order; each group keeps
    /// the input order of its cases.
    private func sections() -> [[String: Any]] {
        SectionPages(site: site).groups.map { group in
            let name = group.key.joined(separator: " / ")
            return [
                "name": name,
                "hasName": !name.isEmpty,
                "anchor": "s-" + SitePaths.fileSafe(group.key.isEmpty ? "top" : group.key.joined(separator: "-")),
                "cases": group.cases.map(caseEntry),
                "count": group.cases.count,
            ]
        }
    }

    private func caseEntry(_ c: CaseResult) -> [String: Any] {
        let href = SitePaths.href(from: path, to: site.casePaths[c.file.slug] ?? "")
        var verdicts: [[String: Any]] = []
        if let base = site.primary(c, scorer: site.baseline) {
            for scorer in site.scorers where scorer != site.baseline {
                guard let r = site.primary(c, scorer: scorer) else { continue }
                let v = Verdict.make(file: c.file, baseline: base, ranking: r)
                verdicts.append(["scorer": scorer, "text": v.text, "cls": v.direction.rawValue])
            }
        }
        let bestLabel = c.file.candidates.compactMap(\.label).max()
        return [
            "title": c.file.title,
            "href": href,
            "query": c.file.query,
            "tags": c.file.tags.map { ["tag": $0] },
            "hasTags": !c.file.tags.isEmpty,
            "draft": c.file.draft,
            "labelled": c.file.hasLabels,
            "candidateCount": c.file.candidates.count,
            "bestLabel": bestLabel.map(String.init) ?? "",
            "verdicts": verdicts,
            "hasRewrites": !c.file.rewrites.isEmpty,
            "instructionCount": site.instructions(of: c).count,
        ]
    }

    private func downloads() -> [[String: Any]] {
        var out: [[String: Any]] = site.results.history.isEmpty ? [] : [
            ["href": SitePaths.history, "name": "Run history", "text": "\(site.results.history.count) recorded runs: trends and what changed since the previous run"],
        ]
        out += [
            ["href": SitePaths.resultsJSON, "name": "results.json", "text": "every score, ranking and metric, with the reproduction block"],
            ["href": SitePaths.resultsCSV, "name": "results.csv", "text": "one row per case × scorer × instruction × variant × candidate"],
        ]
        if site.results.cases.contains(where: { $0.file.hasLabels }) {
            out.append(["href": SitePaths.qrels, "name": "qrels.txt", "text": "TREC relevance judgements from the labels"])
        }
        for s in site.scorers {
            guard let run = site.runFiles[s] else { continue }
            out.append(["href": run, "name": String(run.dropFirst("data/".count)),
                        "text": "TREC run of \(s) (first instruction, original query)"])
        }
        return out
    }
}

/// A cell of the summary table: its text, whether it is the row's best, no delta, not a
/// wins/ties/losses cell (the template asks each cell for all three).
private func summaryCell(_ text: String, best: Bool = false) -> [String: Any] {
    ["text": text, "best": best, "hasDelta": false, "wtl": false]
}
