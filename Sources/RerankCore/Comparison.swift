/// One metric of a comparison: the means of both sides over the same cases, their difference, a
/// bootstrap interval of it and a randomisation-test p-value.
public struct MetricComparison: Hashable, Sendable, Codable {
    public var metric: String
    public var mean: Double
    public var baselineMean: Double
    /// mean − baselineMean.
    public var difference: Double
    /// Bootstrap percentile interval of the difference; nil with fewer than two cases.
    public var lower: Double?
    public var upper: Double?
    /// Two-sided p-value of the paired randomisation test; nil with no cases.
    public var pValue: Double?
    /// True when every sign assignment was enumerated.
    public var exact: Bool
}

/// One scorer's rankings for one instruction slot (the case's 1st, 2nd… instruction) and one
/// variant (original query, or query + rewrites fused), against the baseline's headline rankings.
public struct ComparisonRow: Hashable, Sendable, Codable {
    public var scorer: String
    /// 1-based instruction position within each case.
    public var instructionSlot: Int
    public var variant: RankingVariant
    /// Labelled cases that have both rankings: every mean and test is over these.
    public var cases: Int
    public var metrics: [MetricComparison]
}

/// Every (scorer, instruction slot, variant) of the non-baseline scorers against the baseline.
///
/// Pairing: a labelled case counts when it has the scorer's ranking for its `slot`-th instruction
/// and the variant, and the baseline's headline ranking (first instruction, original query); the
/// difference per case is the scorer's metric minus the baseline's. Variants summarised: the
/// original query and the fused ranking (each rewrite alone is shown on its case page). Rows are
/// in scorer order, then slot, then variant; rows without any case are left out.
public func compareWithBaseline(cases: [CaseResult], scorers: [String], baseline: String,
                                metrics: [SummaryMetric] = SummaryMetric.standard,
                                settings: ResamplingSettings = .standard) -> [ComparisonRow] {
    struct Key: Hashable { var slot: Int; var variant: RankingVariant }
    var rows: [ComparisonRow] = []
    for scorer in scorers where scorer != baseline {
        // Per key: (scorer's order, baseline's order, the case's labels) per case, in case order.
        var pairs: [Key: [(own: [Int], base: [Int], relevances: [Int])]] = [:]
        for result in cases where result.file.hasLabels {
            guard let base = headlineRanking(result, scorer: baseline) else { continue }
            let relevances = result.file.relevances
            for ranking in result.rankings where ranking.scorer == scorer {
                // A scorer with its own instruction (an override) has one slot: the first.
                let slot = result.instructions.firstIndex(of: ranking.instruction) ?? 0
                switch ranking.variant {
                case .query, .fused: break
                case .rewrite: continue
                }
                pairs[Key(slot: slot + 1, variant: ranking.variant), default: []]
                    .append((ranking.order, base.order, relevances))
            }
        }
        for key in pairs.keys.sorted(by: { ($0.slot, $0.variant) < ($1.slot, $1.variant) }) {
            let list = pairs[key] ?? []
            let own = metrics.map { metric in list.map { metric.value($0.own, $0.relevances) } }
            let base = metrics.map { metric in list.map { metric.value($0.base, $0.relevances) } }
            let differences = metrics.indices.map { m in zip(own[m], base[m]).map { $0 - $1 } }
            let intervals = pairedBootstrapIntervals(differences, settings: settings)
            let tests = pairedRandomisationPValues(differences, settings: settings)
            let compared = metrics.indices.map { m -> MetricComparison in
                let test = tests[m]
                let mean = own[m].reduce(0, +) / Double(list.count), baseMean = base[m].reduce(0, +) / Double(list.count)
                return MetricComparison(metric: metrics[m].name, mean: mean, baselineMean: baseMean,
                                        difference: differences[m].reduce(0, +) / Double(list.count),
                                        lower: intervals[m]?.lower, upper: intervals[m]?.upper,
                                        pValue: test?.p, exact: test?.exact ?? false)
            }
            rows.append(ComparisonRow(scorer: scorer, instructionSlot: key.slot, variant: key.variant,
                                      cases: list.count, metrics: compared))
        }
    }
    return rows
}

/// How a difference reads: clearly higher or lower (p < 0.05 and an interval that excludes 0),
/// or no clear difference.
public enum DifferenceVerdict: String, Sendable, Codable {
    case higher, lower, unclear

    public init(_ c: MetricComparison) {
        guard let p = c.pValue, let lo = c.lower, let hi = c.upper, p < 0.05 else { self = .unclear; return }
        if lo > 0 { self = .higher } else if hi < 0 { self = .lower } else { self = .unclear }
    }
}
