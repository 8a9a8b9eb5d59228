/// Tolerance under which two NDCG@10 values count as a tie.
public let winTieLossTolerance = 1e-9

/// One summary per scorer, in the order given.
///
/// A case counts for a scorer when it is labelled and has the scorer's ranking for the case's
/// first instruction and the `query` variant (its "headline ranking"); the means, `correctFirst`
/// (cases with Hit@1) and `labelledCases` are over those cases. Wins/ties/losses compare the
/// headline NDCG@10 with the baseline scorer's on each case where both exist (a tie is a
/// difference within 1e-9; the baseline against itself is all ties). `allScores` holds every
/// score of the scorer's `query` rankings, labelled or not, every instruction, in case order.
/// `means` holds the mean of each `metrics` entry over the same cases, keyed by its name (`ndcg@10`),
/// summed in case order.
public func summarize(cases: [CaseResult], scorers: [(id: String, kind: String, fingerprint: String)],
                      baseline: String, metrics chosen: [MetricName] = MetricName.defaults) -> [ScorerSummary] {
    scorers.map { scorer in
        var metrics: [RankingMetrics] = []
        var sums = [Double](repeating: 0, count: chosen.count)
        var versus = WinTieLoss()
        var allScores: [Double] = []
        for result in cases {
            for ranking in result.rankings where ranking.scorer == scorer.id && ranking.variant == .query {
                allScores.append(contentsOf: ranking.scores)
            }
            guard result.file.hasLabels,
                  let headline = headlineRanking(result, scorer: scorer.id), let own = headline.metrics else { continue }
            metrics.append(own)
            let relevances = result.file.relevances
            for (m, metric) in chosen.enumerated() {
                sums[m] += metricValue(metric, order: headline.order, relevances: relevances)
            }
            guard let base = headlineRanking(result, scorer: baseline)?.metrics else { continue }
            let difference = own.ndcg10 - base.ndcg10
            if abs(difference) <= winTieLossTolerance {
                versus.ties += 1
            } else if difference > 0 {
                versus.wins += 1
            } else {
                versus.losses += 1
            }
        }
        return ScorerSummary(scorer: scorer.id, kind: scorer.kind, fingerprint: scorer.fingerprint,
                             labelledCases: metrics.count, meanMetrics: meanMetrics(metrics),
                             correctFirst: metrics.filter { $0.hit1 == 1 }.count,
                             versusBaseline: versus, allScores: allScores,
                             means: metrics.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: zip(chosen.map(\.name), sums.map { $0 / Double(metrics.count) })))
    }
}

/// The scorer's ranking of the case for its first instruction and the original query
/// (any instruction when the case lists none).
public func headlineRanking(_ result: CaseResult, scorer: String) -> Ranking? {
    result.rankings.first { ranking in
        ranking.scorer == scorer && ranking.variant == .query
            && (result.instructions.first.map { $0 == ranking.instruction } ?? true)
    }
}

/// Mean of each metric, summed in the given order; nil for none.
func meanMetrics(_ all: [RankingMetrics]) -> RankingMetrics? {
    guard !all.isEmpty else { return nil }
    var sum = RankingMetrics(hit1: 0, hit3: 0, mrr: 0, ndcg10: 0)
    for m in all {
        sum.hit1 += m.hit1; sum.hit3 += m.hit3; sum.mrr += m.mrr; sum.ndcg10 += m.ndcg10
    }
    let n = Double(all.count)
    return RankingMetrics(hit1: sum.hit1 / n, hit3: sum.hit3 / n, mrr: sum.mrr / n, ndcg10: sum.ndcg10 / n)
}
