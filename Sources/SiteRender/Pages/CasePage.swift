import RerankCore

/// Builds the view model of one case page (`cases/<slug>.html`): the matrix of ranks, the slope
/// chart between the baseline and the first neural scorer, and per instruction a block per scorer
/// with a panel per variant.
struct CasePage {
    let site: SiteContext
    let result: CaseResult
    /// The page's own site path; links are made relative to it.
    let path: String

    /// One-line snippet per candidate for chart tooltips, computed once per page: the charts ask
    /// for one per dot, and recomputing them per dot made a page quadratic in its candidates.
    private let snippets: [String]
    /// Snippets for the matrix rows.
    private let rowSnippets: [String]

    private var file: CaseFile { result.file }

    init(site: SiteContext, result: CaseResult, path: String) {
        self.site = site
        self.result = result
        self.path = path
        snippets = result.file.candidates.map { snippet($0.text, limit: 60) }
        rowSnippets = result.file.candidates.map { snippet($0.text, limit: 70) }
    }

    func model() -> CasePageModel {
        let root = SitePaths.root(of: path)
        let instructions = site.instructions(of: result)
        return CasePageModel(
            file: file,
            indexHref: root + SitePaths.index,
            methodHref: root + SitePaths.index + "#method",
            jsonHref: root + SitePaths.resultsJSON,
            csvHref: root + SitePaths.resultsCSV,
            introHtml: renderMarkdown(file.intro),
            fusion: site.results.fusion.rawValue,
            instructions: instructions.enumerated().map { NumberedText(n: $0.offset + 1, text: $0.element) },
            legend: site.scale.legend(labels: file.candidates.map(\.label)).map { LegendItem(cls: $0.className, text: $0.text) },
            sections: file.sections.map { ProseSection(heading: $0.heading, bodyHtml: renderMarkdown($0.markdown)) },
            baseline: site.baseline,
            caseChecks: ChecksView(site: site, path: path).caseModel(slug: file.slug),
            matrix: RankMatrix.make(site: site, result: result, instructions: instructions, snippets: rowSnippets,
                                    panelAnchor: { panelAnchor($0, instructionNumber: $1) }),
            slope: pageSlope(instructions: instructions),
            blocks: instructions.enumerated().map { block(instruction: $0.element, n: $0.offset + 1, count: instructions.count) })
    }

    private func scorerAnchor(_ scorer: String, instructionNumber n: Int) -> String {
        "i\(n)-" + SitePaths.fileSafe(scorer)
    }

    private func panelAnchor(_ r: Ranking, instructionNumber n: Int) -> String {
        scorerAnchor(r.scorer, instructionNumber: n) + "-" + r.variant.name
    }

    /// The slope chart under the matrix: between the two rankings the front matter names
    /// (`slope: [FROM, TO]`), else from the baseline to the first neural scorer (the first that is
    /// neither the input order nor BM25; else the first other scorer), instruction 1, original query.
    /// A named ranking this build does not have falls back to the default, and the page says why.
    private func pageSlope(instructions: [String]) -> PageSlope? {
        var note = ""
        if let named = file.slope, named.count == 2 {
            let found = named.map { column -> Ranking? in
                guard column.instruction <= instructions.count else { return nil }
                return result.rankings.first {
                    $0.scorer == column.scorer && $0.instruction == instructions[column.instruction - 1] && column.matches($0.variant)
                }
            }
            if let from = found[0], let to = found[1] {
                return slope(from: (named[0].spec, from), to: (named[1].spec, to), note: "")
            }
            let missing = zip(named, found).filter { $0.1 == nil }.map { "'\($0.0.spec)'" }.joined(separator: " and ")
            note = "The front matter asks for \(named[0].spec) → \(named[1].spec), but this build has no ranking \(missing); showing the default instead."
        }
        guard let instruction = instructions.first,
              let base = site.ranking(result, scorer: site.baseline, instruction: instruction) else { return nil }
        let others = site.scorers.filter { $0 != site.baseline && site.ranking(result, scorer: $0, instruction: instruction) != nil }
        guard let target = others.first(where: { !["original", "bm25"].contains(site.kind($0)) }) ?? others.first,
              let ranking = site.ranking(result, scorer: target, instruction: instruction) else { return nil }
        return slope(from: (site.baseline, base), to: (target, ranking), note: note)
    }

    private func slope(from: (title: String, ranking: Ranking), to: (title: String, ranking: Ranking), note: String) -> PageSlope? {
        let svg = SlopeChart.svg(title: "Rank changes from \(from.title) to \(to.title)",
                                 columns: [SlopeChart.Column(title: from.title, rankOf: from.ranking.rankOf),
                                           SlopeChart.Column(title: to.title, rankOf: to.ranking.rankOf)],
                                 labels: file.candidates.map(\.label), snippets: snippets, scale: site.scale)
        return svg.isEmpty ? nil : PageSlope(from: from.title, to: to.title, svgHtml: svg, note: note)
    }

    /// One instruction's results: a block per scorer.
    private func block(instruction: String, n: Int, count: Int) -> InstructionBlock {
        var scorers: [ScorerBlock] = []
        var unchanged: [ScorerName] = []
        let first = site.instructions(of: result).first
        for scorer in site.scorers {
            let rankings = site.sortedRankings(result).filter { $0.scorer == scorer && $0.instruction == instruction }
            guard !rankings.isEmpty else { continue }
            // A scorer that ignores the instruction gives the same scores again: say so instead of repeating.
            // One that should read it keeps its panels; the scorer checks warn about it.
            if n > 1, let first, site.card(scorer)?.readsInstruction != true, rankings.allSatisfy({ r in
                site.ranking(result, scorer: scorer, instruction: first, variant: r.variant)?.scores == r.scores
            }) {
                unchanged.append(ScorerName(scorer))
                continue
            }
            scorers.append(scorerBlock(scorer: scorer, instruction: instruction, n: n, rankings: rankings))
        }
        return InstructionBlock(n: n, text: instruction, showHeading: count > 1, scorers: scorers, unchanged: unchanged)
    }

    private func scorerBlock(scorer: String, instruction: String, n: Int, rankings: [Ranking]) -> ScorerBlock {
        let isBaseline = scorer == site.baseline
        let baseRanking = site.ranking(result, scorer: site.baseline, instruction: instruction)
        let labels = file.candidates.map(\.label)
        let panels = rankings.map { r in
            panel(r, n: n, baseline: isBaseline ? nil : baseRanking, compact: rankings.count > 1 && r.variant != .query)
        }
        // The baseline's charts would only redraw its own order: its block is the table alone.
        var strips: [StripFigure] = []
        var slope = ""
        if !isBaseline {
            let axis = site.axes[scorer] ?? ScoreAxis(lo: 0, hi: 1)
            // Strips for the query and the fused ranking; each rewrite's ranking is its table.
            for r in rankings where r.variant == .query || rankings.count == 1 || r.variant == rankings.last?.variant {
                strips.append(strip(r, scorer: scorer, axis: axis, labels: labels))
            }
            if let baseRanking {
                var columns = [SlopeChart.Column(title: site.baseline, rankOf: baseRanking.rankOf)]
                for r in rankings where r.variant == .query || r.variant == rankings.last?.variant {
                    columns.append(SlopeChart.Column(title: r.variant == .query ? scorer : r.variant.shortTitle, rankOf: r.rankOf))
                }
                slope = SlopeChart.svg(title: "Rank changes from \(site.baseline) to \(scorer)", columns: columns,
                                       labels: labels, snippets: snippets, scale: site.scale)
            }
        }
        return ScorerBlock(scorer: scorer, kind: site.modelName(scorer), anchor: scorerAnchor(scorer, instructionNumber: n),
                           isBaseline: isBaseline, panels: panels, strips: strips, slopeSvgHtml: slope)
    }

    /// A strip chart of one ranking's scores: on the scorer's axis, or on a log-odds axis when every
    /// score sits within 0.001 of 0 or 1.
    private func strip(_ r: Ranking, scorer: String, axis: ScoreAxis, labels: [Int?]) -> StripFigure {
        let readout = ScoreReadout(scores: r.scores)
        let rankOf = r.rankOf
        let positions = readout.saturated ? ScoreReadout.logOdds(scores: r.scores, pairs: r.pairs) : r.scores
        let chartAxis = readout.saturated ? ScoreAxis(lo: positions.min() ?? 0, hi: positions.max() ?? 1) : axis
        let dots = file.candidates.indices.map { c in
            ScoreStripChart.Dot(candidate: c, score: positions[c], rank: rankOf[c], label: labels[c], snippet: snippets[c],
                                text: readout.text(r.scores[c]))
        }
        let axisText: String
        let axisTitle: String
        if readout.saturated {
            let source = r.pairs.count == r.scores.count && r.pairs.allSatisfy({ $0.logit != nil }) ? "the scorer's logit" : "ln(s / (1 − s))"
            axisText = "log-odds axis (\(source)): every score is within 0.001 of 0 or 1, where a 0-to-1 axis would draw them on top of each other"
            axisTitle = "log-odds"
        } else if axis.lo == 0 && axis.hi == 1 {
            axisText = "score axis from 0 to 1, shared by every page of \(scorer)"
            axisTitle = "score"
        } else {
            axisText = "score axis from \(formatScore(axis.lo)) to \(formatScore(axis.hi)), the lowest and highest \(scorer) score on the site"
            axisTitle = "score"
        }
        return StripFigure(title: r.variant.title,
                           svgHtml: ScoreStripChart.svg(title: "Scores of \(scorer), \(r.variant.title)", dots: dots,
                                                        axis: chartAxis.lo < chartAxis.hi ? chartAxis : ScoreAxis(scores: positions),
                                                        scale: site.scale, axisTitle: axisTitle),
                           axisText: axisText)
    }

    /// One ranking as a table with its metrics.
    private func panel(_ r: Ranking, n: Int, baseline: Ranking?, compact: Bool) -> RankingPanel {
        let axis = site.axes[r.scorer] ?? ScoreAxis(lo: 0, hi: 1)
        let readout = ScoreReadout(scores: r.scores)
        let baseRank = baseline?.rankOf
        let showTokens = r.pairs.contains { $0.tokens != nil || $0.truncated }
        let showLogit = r.pairs.contains { $0.logit != nil }
        let showNote = !compact && file.candidates.contains { ($0.note ?? "").isEmpty == false }
        let dataHref = SitePaths.root(of: path) + SitePaths.resultsJSON
        let labelled = file.hasLabels
        let rows = r.order.enumerated().map { (i, c) -> RankingRow in
            let candidate = file.candidates[c]
            // Compact tables sit beside the full one, which carries the notes.
            let note = compact ? nil : candidate.note.flatMap { $0.isEmpty ? nil : renderMarkdown($0) }
            let pair = c < r.pairs.count ? r.pairs[c] : nil
            return RankingRow(
                badge: LabelBadge(candidate.label, scale: site.scale),
                showMove: baseRank != nil, showFacts: showTokens || showLogit, showLogit: showLogit,
                showTokens: showTokens, labelled: labelled,
                rank: i + 1, cid: "c\(c)", move: baseRank.map { movement(before: $0[c], after: i + 1) },
                textHtml: CandidateText.html(candidate.text, compact: compact, dataHref: dataHref),
                scoreText: readout.text(r.scores[c]), barPct: fixed(axis.fraction(r.scores[c]) * 100, 1),
                noteHtml: note,
                tokensText: pair?.tokens.map(String.init) ?? "—",
                logitText: pair?.logit.map { formatDelta($0, 2) } ?? "—",
                truncated: pair?.truncated ?? false)
        }
        let readoutNote = readout.saturated
            ? "Every score here is within 0.001 of 0 or 1, so each is shown as its distance to 1 (1 − 2.3×10⁻⁵) or to 0, with the digits that tell them apart."
            : ""
        return RankingPanel(title: r.variant.title, anchor: panelAnchor(r, instructionNumber: n), baseline: site.baseline,
                            rows: rows, metrics: MetricsView.items(r, baseline: baseline, relevances: file.relevances,
                                                                  metrics: site.metrics, readout: readout),
                            showMove: baseRank != nil, showNote: showNote, showTokens: showTokens, showLogit: showLogit,
                            compact: compact, readoutNote: readoutNote)
    }
}
