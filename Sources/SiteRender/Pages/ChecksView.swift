import RerankCore

/// The scorer checks on the pages: degenerate-score warnings, backend parity and the threshold
/// view on the index; the warnings and parity rows that concern one case on its page.
struct ChecksView {
    let site: SiteContext
    /// The page the links are made relative to.
    let path: String
    /// Case titles by slug.
    private var titles: [String: String] { site.caseTitles }

    /// Disagreeing case rankings listed per parity pair; the rest are counted.
    static let parityRowLimit = 25
    /// Cases named per warning; the rest are counted.
    static let caseLinkLimit = 8

    private var checks: ScorerChecks { site.results.checks }

    /// Everything the index's "Checks" partial asks for.
    func indexModel() -> ChecksModel {
        let warnings = checks.degenerate.map {
            DegenerateWarning(scorer: $0.scorer, text: $0.explanation, cases: caseLinks($0.cases))
        }
        let curves = checks.thresholds.filter { site.scorers.contains($0.scorer) }
        let slotted = curves.contains { $0.instruction > 1 }
        return ChecksModel(
            warnings: warnings, parity: checks.parity.map(parityCard), thresholdRows: curves.map(thresholdRow),
            thresholdCharts: curves.map { curve in
                ThresholdFigure(scorer: curve.scorer, name: site.modelName(curve.scorer), instruction: curve.instruction, slotted: slotted,
                                anchor: "threshold-" + SitePaths.fileSafe(curve.scorer) + "-i\(curve.instruction)",
                                svgHtml: ThresholdChart.svg(curve, axis: site.axes[curve.scorer] ?? ScoreAxis(lo: 0, hi: 1)))
            },
            thresholdSlots: slotted, relevantLabel: checks.settings.relevantLabel,
            minScoreStd: formatData(checks.settings.minScoreStd))
    }

    /// The warnings and parity disagreements that name one case; an empty list when none do.
    func caseModel(slug: String) -> CaseChecksModel {
        CaseChecksModel(checks: site.caseChecks[slug] ?? [], checksHref: SitePaths.href(from: path, to: SitePaths.index) + "#checks")
    }

    private func parityCard(_ report: ParityReport) -> ParityCard {
        let taus = report.cases.compactMap(\.tau)
        // Only the cases that disagree are listed; a site of thousands of agreeing cases stays short.
        let disagreeing = report.cases.filter { !$0.flips.isEmpty || !($0.maxAbsDelta <= report.tolerance) }
        let listed = Array(disagreeing.prefix(Self.parityRowLimit))
        let facts = ParityCard.Facts(
            first: report.first, second: report.second,
            firstName: site.modelName(report.first), secondName: site.modelName(report.second),
            reason: report.reason,
            anchor: "parity-" + SitePaths.fileSafe(report.first) + "-" + SitePaths.fileSafe(report.second),
            pairs: report.pairs, caseCount: report.cases.count, flipCount: report.flipCount,
            maxAbsDelta: formatSmall(report.maxAbsDelta), meanAbsDelta: formatSmall(report.meanAbsDelta),
            tolerance: formatData(report.tolerance),
            meanTau: taus.isEmpty ? "—" : fixed(taus.reduce(0, +) / Double(taus.count), 3),
            minTau: taus.min().map { fixed($0, 3) } ?? "—",
            exceeds: report.exceedsTolerance,
            agreeing: report.cases.count - disagreeing.count, notListed: disagreeing.count - listed.count)
        let groups = report.groups.map { g in
            ParityGroupRow(instruction: g.instruction, variant: g.variant.title, rankings: g.rankings, pairs: g.pairs,
                           maxAbsDelta: formatSmall(g.maxAbsDelta), meanAbsDelta: formatSmall(g.meanAbsDelta),
                           beyond: !(g.maxAbsDelta <= report.tolerance),
                           meanTau: g.meanTau.map { fixed($0, 3) } ?? "—", flipCount: g.flipCount)
        }
        let rows = listed.map { c in
            ParityCaseRow(title: titles[c.slug] ?? c.slug, href: caseHref(c.slug), instruction: c.instruction,
                          variant: c.variant.title, hasVariant: c.variant != .query,
                          tau: c.tau.map { fixed($0, 3) } ?? "—", maxAbsDelta: formatSmall(c.maxAbsDelta),
                          beyond: !(c.maxAbsDelta <= report.tolerance),
                          flips: c.flips.isEmpty ? "same order" : c.flips.prefix(4).map { "c\($0.first) above c\($0.second)" }
                              .joined(separator: ", ") + (c.flipCount > 4 ? " and \(c.flipCount - 4) more" : ""))
        }
        return ParityCard(facts: facts, groups: groups, rows: rows)
    }

    private func thresholdRow(_ curve: ThresholdCurve) -> ThresholdRow {
        let b = curve.best
        return ThresholdRow(scorer: curve.scorer, name: site.modelName(curve.scorer), instruction: curve.instruction,
                            pairs: curve.pairs, relevant: curve.relevant, threshold: formatScore(b.threshold),
                            precision: fixed(b.precision, 3), recall: fixed(b.recall, 3), f1: fixed(b.f1, 3), predicted: b.predicted)
    }

    private func caseLinks(_ slugs: [String]) -> [DegenerateWarning.CaseLink] {
        let shown = slugs.prefix(Self.caseLinkLimit).map {
            DegenerateWarning.CaseLink(title: titles[$0] ?? $0, href: caseHref($0), more: "")
        }
        guard slugs.count > Self.caseLinkLimit else { return shown }
        return shown + [DegenerateWarning.CaseLink(title: "", href: "", more: "and \(slugs.count - Self.caseLinkLimit) more")]
    }

    private func caseHref(_ slug: String) -> String {
        SitePaths.href(from: path, to: site.casePaths[slug] ?? SitePaths.index)
    }
}

/// A difference that may be tiny: `0` when exact, two significant digits below 0.001 (`3.2e-07`),
/// else four decimals.
func formatSmall(_ x: Double) -> String {
    guard x.isFinite else { return fixed(x, 0) }
    if x == 0 { return "0" }
    if abs(x) >= 1e-3 { return formatScore(x) }
    var exponent = 0
    var mantissa = abs(x)
    while mantissa < 1 { mantissa *= 10; exponent -= 1 }
    var digits = fixed(mantissa, 1)
    if digits == "10.0" { digits = "1.0"; exponent += 1 }
    return (x < 0 ? "−" : "") + digits + "e" + (exponent < 0 ? "−" : "") + String(abs(exponent))
}
