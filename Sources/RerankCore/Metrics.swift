import Foundation

/// Metrics of one ranking against a case's labels.
///
/// `order` holds candidate indices best first (from `rankOrder`, so ties in score are already
/// broken by baseline order); `relevances[c]` is the label of candidate c (unlabelled → 0).
/// - Hit@1: 1 when the top candidate carries the case's highest label, Hit@3 when one of the top
///   three does. A case whose highest label is ≤ 0 has nothing to hit: both are 0.
/// - MRR: 1 / rank of the first candidate with rel > 0; 0 when there is none.
/// - NDCG@10 as trec_eval's `ndcg_cut.10`: DCG = Σ_{rank ≤ 10} gain / log2(rank + 1) with linear
///   gain = rel (negative labels count 0), divided by the DCG of the judged labels sorted
///   descending; 0 when that ideal DCG is 0.
public func rankingMetrics(order: [Int], relevances: [Int]) -> RankingMetrics {
    func rel(_ c: Int) -> Int { relevances.indices.contains(c) ? relevances[c] : 0 }
    let highest = relevances.max() ?? 0
    let hasTarget = highest > 0
    let hit1 = hasTarget && order.first.map { rel($0) == highest } == true
    let hit3 = hasTarget && order.prefix(3).contains { rel($0) == highest }
    var mrr = 0.0
    if let rank = order.firstIndex(where: { rel($0) > 0 }) { mrr = 1 / Double(rank + 1) }
    let ideal = discountedCumulativeGain(relevances.sorted(by: >), cutoff: 10)
    let ndcg = ideal > 0 ? discountedCumulativeGain(order.map(rel), cutoff: 10) / ideal : 0
    return RankingMetrics(hit1: hit1 ? 1 : 0, hit3: hit3 ? 1 : 0, mrr: mrr, ndcg10: ndcg)
}

/// Σ over the first `cutoff` gains of max(gain, 0) / log2(rank + 1), rank 1-based.
func discountedCumulativeGain(_ gains: [Int], cutoff: Int) -> Double {
    var dcg = 0.0
    for (i, gain) in gains.prefix(cutoff).enumerated() where gain > 0 {
        dcg += Double(gain) / log2(Double(i + 2))
    }
    return dcg
}

/// Mean, population standard deviation, extremes, and the gap between the first two candidates
/// of `order`. All zero for no scores; gap 0 with fewer than two candidates.
public func scoreStats(scores: [Double], order: [Int]) -> ScoreStats {
    guard let lowest = scores.min(), let highest = scores.max() else {
        return ScoreStats(mean: 0, std: 0, min: 0, max: 0, gap: 0)
    }
    let n = Double(scores.count)
    let mean = scores.reduce(0, +) / n
    let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    var gap = 0.0
    if order.count >= 2, scores.indices.contains(order[0]), scores.indices.contains(order[1]) {
        gap = scores[order[0]] - scores[order[1]]
    }
    return ScoreStats(mean: mean, std: variance.squareRoot(), min: lowest, max: highest, gap: gap)
}
