/// A ranking from one scorer's scores: order by `rankOrder`, stats, and metrics when the case
/// is labelled (`relevances` non-nil).
public func makeRanking(scorer: String, instruction: String, variant: RankingVariant, scores: [Double],
                        pairs: [PairScore], relevances: [Int]?) -> Ranking {
    let order = rankOrder(scores: scores)
    return Ranking(scorer: scorer, instruction: instruction, variant: variant, scores: scores, pairs: pairs,
                   order: order, metrics: relevances.map { rankingMetrics(order: order, relevances: $0) },
                   stats: scoreStats(scores: scores, order: order))
}
