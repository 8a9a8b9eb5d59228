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
    func indexModel() -> [String: Any] {
        let warnings = checks.degenerate.map { finding -> [String: Any] in
            ["scorer": finding.scorer, "text": finding.explanation, "cases": caseLinks(finding.cases)]
        }
        let parity = checks.parity.map(parityReport)
        let curves = checks.thresholds.filter { site.scorers.contains($0.scorer) }
        let slotted = curves.contains { $0.instruction > 1 }
        return [
            "hasWarnings": !warnings.isEmpty, "warnings": warnings,
            "hasParity": !parity.isEmpty, "parity": parity,
            "hasThresholds": !curves.isEmpty,
            "thresholdRows": curves.map(thresholdRow),
            "thresholdSlots": slotted,
            "thresholdCharts": curves.map { curve -> [String: Any] in
                ["scorer": curve.scorer, "name": site.modelName(curve.scorer), "instruction": curve.instruction, "slotted": slotted,
                 "anchor": "threshold-" + SitePaths.fileSafe(curve.scorer) + "-i\(curve.instruction)",
                 "svgHtml": ThresholdChart.svg(curve, axis: site.axes[curve.scorer] ?? ScoreAxis(lo: 0, hi: 1))]
            },
            "relevantLabel": checks.settings.relevantLabel,
            "minScoreStd": formatData(checks.settings.minScoreStd),
        ]
    }

    /// The warnings and parity disagreements that name one case; empty lists when none do.
    func caseModel(slug: String) -> [String: Any] {
        let lines = (site.caseChecks[slug] ?? []).map { ["scorer": $0.scorer, "text": $0.text] }
        return ["hasChecks": !lines.isEmpty, "checks": lines, "checksHref": SitePaths.href(from: path, to: SitePaths.index) + "#checks"]
    }

    private func parityReport(_ report: ParityReport) -> [String: Any] {
        let taus = report.cases.compactMap(\.tau)
        // Only the cases that disagree are listed; a site of thousands of agreeing cases stays short.
        let disagreeing = report.cases.filter { !$0.flips.isEmpty || !($0.maxAbsDelta <= report.tolerance) }
        let listed = Array(disagreeing.prefix(Self.parityRowLimit))
        return [
            "first": report.first, "second": report.second,
            "firstName": site.modelName(report.first), "secondName": site.modelName(report.second),
            "reason": report.reason,
            "anchor": "parity-" + SitePaths.fileSafe(report.first) + "-" + SitePaths.fileSafe(report.second),
            "pairs": report.pairs,
            "maxAbsDelta": formatSmall(report.maxAbsDelta), "meanAbsDelta": formatSmall(report.meanAbsDelta),
            "tolerance": formatData(report.tolerance),
            "exceeds": report.exceedsTolerance,
            "verdict": report.exceedsTolerance
                ? "They disagree beyond the tolerance: check the server's model, revision, precision and prompt template."
                : "They agree within the tolerance.",
            "caseCount": report.cases.count,
            "groups": report.groups.map { g -> [String: Any] in
                ["instruction": g.instruction, "variant": g.variant.title, "rankings": g.rankings, "pairs": g.pairs,
                 "maxAbsDelta": formatSmall(g.maxAbsDelta), "meanAbsDelta": formatSmall(g.meanAbsDelta),
                 "beyond": !(g.maxAbsDelta <= report.tolerance),
                 "meanTau": g.meanTau.map { fixed($0, 3) } ?? "—", "flipCount": g.flipCount]
            },
            "hasGroups": report.groups.count > 1,
            "meanTau": taus.isEmpty ? "—" : fixed(taus.reduce(0, +) / Double(taus.count), 3),
            "minTau": taus.min().map { fixed($0, 3) } ?? "—",
            "flipCount": report.flipCount,
            "hasRows": !listed.isEmpty,
            "agreeing": report.cases.count - disagreeing.count,
            "hasAgreeing": report.cases.count > disagreeing.count,
            "notListed": disagreeing.count - listed.count,
            "hasNotListed": disagreeing.count > listed.count,
            "rows": listed.map { c -> [String: Any] in
                let title = titles[c.slug] ?? c.slug
                return ["title": title, "href": caseHref(c.slug), "instruction": c.instruction, "hasInstruction": c.instruction > 1,
                        "variant": c.variant.title, "hasVariant": c.variant != .query,
                        "tau": c.tau.map { fixed($0, 3) } ?? "—", "maxAbsDelta": formatSmall(c.maxAbsDelta),
                        "beyond": !(c.maxAbsDelta <= report.tolerance),
                        "flips": c.flips.isEmpty ? "same order" : c.flips.prefix(4).map { "c\($0.first) above c\($0.second)" }
                            .joined(separator: ", ") + (c.flipCount > 4 ? " and \(c.flipCount - 4) more" : "")]
            },
        ]
    }

    private func thresholdRow(_ curve: ThresholdCurve) -> [String: Any] {
        let b = curve.best
        return ["scorer": curve.scorer, "name": site.modelName(curve.scorer), "instruction": curve.instruction,
                "pairs": curve.pairs, "relevant": curve.relevant,
                "threshold": formatScore(b.threshold), "precision": fixed(b.precision, 3), "recall": fixed(b.recall, 3),
                "f1": fixed(b.f1, 3), "predicted": b.predicted]
    }

    private func caseLinks(_ slugs: [String]) -> [[String: Any]] {
        let shown = slugs.prefix(Self.caseLinkLimit).map { slug -> [String: Any] in
            ["title": titles[slug] ?? slug, "href": caseHref(slug), "more": ""]
        }
        guard slugs.count > Self.caseLinkLimit else { return shown }
        return shown + [["title": "", "href": "", "more": "and \(slugs.count - Self.caseLinkLimit) more"]]
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
