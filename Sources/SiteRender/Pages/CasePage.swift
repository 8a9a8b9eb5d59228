import RerankCore

/// The view model of one case page (`cases/<slug>.html`), as Mustache dictionaries.
struct CasePage {
    let site: SiteContext
    let result: CaseResult
    /// The page's own site path; links are made relative to it.
    let path: String

    /// One-line snippet per candidate for chart tooltips, computed once per page: the charts ask
    /// for one per dot, and recomputing them per dot made a page quadratic in its candidates.
    private let snippets: [String]

    private var file: CaseFile { result.file }

    init(site: SiteContext, result: CaseResult, path: String) {
        self.site = site
        self.result = result
        self.path = path
        snippets = result.file.candidates.map { snippet($0.text, limit: 60) }
    }

    func model() -> [String: Any] {
        let root = SitePaths.root(of: path)
        let instructions = site.instructions(of: result)
        var m: [String: Any] = [
            "title": file.title,
            "path": file.path,
            "tags": file.tags.map { ["tag": $0] },
            "hasTags": !file.tags.isEmpty,
            "draft": file.draft,
            "sectionName": file.section.joined(separator: " / "),
            "hasSection": !file.section.isEmpty,
            "indexHref": root + SitePaths.index,
            "methodHref": root + SitePaths.index + "#method",
            "jsonHref": root + SitePaths.resultsJSON,
            "csvHref": root + SitePaths.resultsCSV,
            "introHtml": renderMarkdown(file.intro),
            "hasIntro": !file.intro.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            "query": file.query,
            "rewrites": file.rewrites.enumerated().map { ["n": $0.offset + 1, "text": $0.element] as [String: Any] },
            "hasRewrites": !file.rewrites.isEmpty,
            "fusion": site.results.fusion.rawValue,
            "instructions": instructions.enumerated().map { ["n": $0.offset + 1, "text": $0.element] as [String: Any] },
            "hasInstructions": !instructions.isEmpty,
            "candidateCount": file.candidates.count,
            "labelled": file.hasLabels,
            "hasMissed": file.missedRelevant != nil,
            "missedRelevant": file.missedRelevant ?? 0,
            "legend": site.scale.legend(labels: file.candidates.map(\.label)).map { ["cls": $0.className, "text": $0.text] },
            "tieBreakRule": tieBreakRule,
            "sourceHash": file.sourceHash,
            "sections": file.sections.map { ["heading": $0.heading, "bodyHtml": renderMarkdown($0.markdown)] as [String: Any] },
            "baseline": site.baseline,
        ]
        m["caseChecks"] = ChecksView(site: site, path: path).caseModel(slug: file.slug)
        m["overview"] = overview(instruction: instructions.first)
        m["blocks"] = instructions.enumerated().map { block(instruction: $0.element, n: $0.offset + 1, count: instructions.count) }
        m["multipleInstructions"] = instructions.count > 1
        return m
    }

    /// "At a glance": candidates in first-stage order with each scorer's rank (first instruction,
    /// original query, and the fused variants where rewrites exist).
    private func overview(instruction: String?) -> [String: Any] {
        guard let instruction else { return ["columns": [Any](), "rows": [Any]()] }
        var columns: [(title: String, ranking: Ranking)] = []
        for scorer in site.scorers where scorer != site.baseline {
            for r in site.sortedRankings(result) where r.scorer == scorer && r.instruction == instruction {
                columns.append((r.variant == "query" ? scorer : "\(scorer) + rewrites", r))
            }
        }
        let base = site.ranking(result, scorer: site.baseline, instruction: instruction)?.rankOf
            ?? file.candidates.indices.map { $0 + 1 }
        let ranks = columns.map(\.ranking.rankOf)
        // Page-wide flags are repeated on each row: Mustache looks a name up through every open
        // section, innermost first, and a row that has the name answers at once.
        let labelled = file.hasLabels
        let rows = file.candidates.map { c in
            GlanceRow(badge: LabelBadge(c.label, scale: site.scale), cid: "c\(c.index)", labelled: labelled,
                      baseRank: base[c.index], snippet: snippet(c.text, limit: 70),
                      cells: ranks.map { rankOf in
                          GlanceCell(rank: rankOf[c.index], move: movement(before: base[c.index], after: rankOf[c.index]),
                                     top: rankOf[c.index] == 1)
                      })
        }
        return ["columns": columns.map { ["title": $0.title] }, "rows": rows, "hasColumns": !columns.isEmpty,
                "baseline": site.baseline]
    }

    /// One instruction's results: a block per scorer.
    private func block(instruction: String, n: Int, count: Int) -> [String: Any] {
        var scorers: [[String: Any]] = []
        var unchanged: [[String: Any]] = []
        let first = site.instructions(of: result).first
        for scorer in site.scorers {
            let rankings = site.sortedRankings(result).filter { $0.scorer == scorer && $0.instruction == instruction }
            guard !rankings.isEmpty else { continue }
            // A scorer that ignores the instruction gives the same scores again: say so instead of repeating.
            // One that should read it keeps its panels; the scorer checks warn about it.
            if n > 1, let first, site.card(scorer)?.readsInstruction != true, rankings.allSatisfy({ r in
                site.ranking(result, scorer: scorer, instruction: first, variant: r.variant)?.scores == r.scores
            }) {
                unchanged.append(["scorer": scorer])
                continue
            }
            scorers.append(scorerBlock(scorer: scorer, instruction: instruction, n: n, rankings: rankings))
        }
        return ["n": n, "text": instruction, "scorers": scorers, "showHeading": count > 1,
                "unchanged": unchanged, "hasUnchanged": !unchanged.isEmpty]
    }

    private func scorerBlock(scorer: String, instruction: String, n: Int, rankings: [Ranking]) -> [String: Any] {
        let isBaseline = scorer == site.baseline
        var b: [String: Any] = [
            "scorer": scorer,
            "kind": site.modelName(scorer),
            "hasKind": !site.modelName(scorer).isEmpty,
            "anchor": "i\(n)-" + SitePaths.fileSafe(scorer),
            "isBaseline": isBaseline,
            // The baseline's own table repeats "At a glance", so it starts closed.
            "open": !isBaseline,
        ]
        let baseRanking = site.ranking(result, scorer: site.baseline, instruction: instruction)
        let labels = file.candidates.map(\.label)
        b["panels"] = rankings.map { r in
            panel(r, baseline: isBaseline ? nil : baseRanking, compact: rankings.count > 1 && r.variant != "query")
        }
        b["twoPanels"] = rankings.count > 1
        let axis = site.axes[scorer] ?? ScoreAxis(lo: 0, hi: 1)
        b["stripSvgs"] = rankings.map { r -> [String: Any] in
            let rankOf = r.rankOf
            let dots = file.candidates.indices.map { c in
                ScoreStripChart.Dot(candidate: c, score: r.scores[c], rank: rankOf[c], label: labels[c], snippet: snippets[c])
            }
            return ["title": variantTitle(r.variant),
                    "svgHtml": ScoreStripChart.svg(title: "Scores of \(scorer), \(variantTitle(r.variant))", dots: dots, axis: axis, scale: site.scale)]
        }
        if !isBaseline, let baseRanking {
            var columns = [SlopeChart.Column(title: site.baseline, rankOf: baseRanking.rankOf)]
            for r in rankings {
                columns.append(SlopeChart.Column(title: r.variant == "query" ? scorer : r.variant, rankOf: r.rankOf))
            }
            b["slopeSvgHtml"] = SlopeChart.svg(title: "Rank changes from \(site.baseline) to \(scorer)", columns: columns,
                                           labels: labels, snippets: snippets, scale: site.scale)
            b["hasSlope"] = true
        } else {
            b["hasSlope"] = false
        }
        return b
    }

    /// One ranking as a table with its metrics.
    private func panel(_ r: Ranking, baseline: Ranking?, compact: Bool) -> [String: Any] {
        let axis = site.axes[r.scorer] ?? ScoreAxis(lo: 0, hi: 1)
        let baseRank = baseline?.rankOf
        let showTokens = r.pairs.contains { $0.tokens != nil || $0.truncated }
        let showLogit = r.pairs.contains { $0.logit != nil }
        let showNote = !compact && file.candidates.contains { ($0.note ?? "").isEmpty == false }
        let dataHref = SitePaths.root(of: path) + SitePaths.resultsJSON
        let labelled = file.hasLabels
        let rows = r.order.enumerated().map { (i, c) -> RankingRow in
            let candidate = file.candidates[c]
            // Compact (fused) tables sit beside the full one, which carries the notes.
            let note = compact ? nil : candidate.note.flatMap { $0.isEmpty ? nil : renderMarkdown($0) }
            let pair = c < r.pairs.count ? r.pairs[c] : nil
            return RankingRow(
                badge: LabelBadge(candidate.label, scale: site.scale),
                showMove: baseRank != nil, showFacts: showTokens || showLogit, showLogit: showLogit,
                showTokens: showTokens, labelled: labelled,
                rank: i + 1, cid: "c\(c)", move: baseRank.map { movement(before: $0[c], after: i + 1) },
                textHtml: CandidateText.html(candidate.text, compact: compact, dataHref: dataHref),
                scoreText: formatScore(r.scores[c]), barPct: fixed(axis.fraction(r.scores[c]) * 100, 1),
                noteHtml: note,
                tokensText: pair?.tokens.map(String.init) ?? "—",
                logitText: pair?.logit.map { formatDelta($0, 2) } ?? "—",
                truncated: pair?.truncated ?? false)
        }
        return [
            "title": variantTitle(r.variant),
            "variant": r.variant,
            "rows": rows,
            "showMove": baseRank != nil,
            "showNote": showNote,
            "showTokens": showTokens,
            "showLogit": showLogit,
            "showFacts": showTokens || showLogit,
            "baseline": site.baseline,
            "compact": compact,
            "metrics": MetricsView.items(r, baseline: baseline),
        ]
    }
}
