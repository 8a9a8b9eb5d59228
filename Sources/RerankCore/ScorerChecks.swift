import Foundation

/// The thresholds of the scorer checks, as `checks:` in rerank-site.yml sets them.
public struct ScorerCheckSettings: Hashable, Sendable, Codable {
    /// Largest |Δscore| two scorers of the same model may show before the build warns.
    public var parityTolerance: Double
    /// A case's scores with a population std below this are "constant".
    public var minScoreStd: Double
    /// Pairs labelled at least this count as relevant in the threshold view.
    public var relevantLabel: Int
    /// Pairs named by `parity:` keys, compared whatever models they report.
    public var parityPairs: [ScorerPair]

    public static let defaultParityTolerance = 0.01
    public static let defaultMinScoreStd = 1e-6

    public init(parityTolerance: Double = defaultParityTolerance, minScoreStd: Double = defaultMinScoreStd,
                relevantLabel: Int = 1, parityPairs: [ScorerPair] = []) {
        self.parityTolerance = parityTolerance; self.minScoreStd = minScoreStd
        self.relevantLabel = relevantLabel; self.parityPairs = parityPairs
    }
}

/// What the build found about its scorers: backend parity, degenerate scores, and threshold curves.
public struct ScorerChecks: Hashable, Sendable, Codable {
    public var settings: ScorerCheckSettings
    public var parity: [ParityReport]
    public var degenerate: [DegenerateFinding]
    public var thresholds: [ThresholdCurve]

    public init(settings: ScorerCheckSettings = ScorerCheckSettings(), parity: [ParityReport] = [],
                degenerate: [DegenerateFinding] = [], thresholds: [ThresholdCurve] = []) {
        self.settings = settings; self.parity = parity; self.degenerate = degenerate; self.thresholds = thresholds
    }

    /// Every check over the computed cases.
    public init(cases: [CaseResult], cards: [ScorerCard], settings: ScorerCheckSettings) {
        self.settings = settings
        parity = parityPairs(cards: cards, configured: settings.parityPairs).map {
            parityReport(cases: cases, pair: $0.pair, reason: $0.reason, tolerance: settings.parityTolerance)
        }
        degenerate = findDegenerateScores(cases: cases, cards: cards, minStd: settings.minScoreStd)
        thresholds = thresholdCurves(cases: cases, cards: cards, relevantLabel: settings.relevantLabel)
    }

    /// One plain line per problem, for stderr: each degenerate finding with its cases, and each
    /// parity pair beyond the tolerance.
    public var warnings: [String] {
        var out = degenerate.map { "\($0.scorer) \($0.explanation): \(listCases($0.cases))" }
        for report in parity where report.exceedsTolerance {
            let worst = report.cases.filter { !($0.maxAbsDelta <= report.tolerance) }.map(\.slug)
            out.append("\(report.first) and \(report.second) (\(report.reason)) disagree: max |Δscore| "
                + "\(String(format: "%.4g", report.maxAbsDelta)) is above the tolerance \(String(format: "%g", report.tolerance)) "
                + "(checks.parity_tolerance), \(report.flipCount) pair\(report.flipCount == 1 ? "" : "s") change order: \(listCases(orderedUnique(worst)))")
        }
        return out
    }
}

/// Up to five case names, then how many more.
func listCases(_ slugs: [String]) -> String {
    let shown = slugs.prefix(5).joined(separator: ", ")
    return slugs.count > 5 ? "\(shown) and \(slugs.count - 5) more" : shown
}

func orderedUnique(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}
