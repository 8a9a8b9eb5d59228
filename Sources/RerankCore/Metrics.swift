import Foundation

/// The value of one metric for one ranking, as trec_eval computes it on the exported run and qrels
/// (trec_eval 9.0.x: m_ndcg_cut.c, m_map.c, m_recip_rank.c, m_P.c, m_recall.c; relevance level 1).
///
/// `order` holds candidate indices best first, as `rankOrder` gives them; `relevances[c]` is the
/// label of candidate c (unlabelled → 0). Every candidate of the case is judged, as the exported
/// qrels judge them.
public func metricValue(_ metric: MetricName, order: [Int], relevances: [Int]) -> Double {
    func rel(_ c: Int) -> Int { relevances.indices.contains(c) ? relevances[c] : 0 }
    func relevantCount() -> Int { relevances.filter { $0 >= 1 }.count }
    switch metric {
    case .ndcg(let k):
        let ideal = discountedCumulativeGain(relevances.sorted(by: >), cutoff: k)
        return ideal > 0 ? discountedCumulativeGain(order.map(rel), cutoff: k) / ideal : 0
    case .map:
        let relevantCount = relevantCount()
        guard relevantCount > 0 else { return 0 }
        var found = 0, sum = 0.0
        for (i, c) in order.enumerated() where rel(c) >= 1 {
            found += 1
            sum += Double(found) / Double(i + 1)
        }
        return sum / Double(relevantCount)
    case .mrr:
        guard let rank = order.firstIndex(where: { rel($0) >= 1 }) else { return 0 }
        return 1 / Double(rank + 1)
    case .precision(let k):
        return Double(order.prefix(k).filter { rel($0) >= 1 }.count) / Double(k)
    case .recall(let k):
        let relevantCount = relevantCount()
        guard relevantCount > 0 else { return 0 }
        return Double(order.prefix(k).filter { rel($0) >= 1 }.count) / Double(relevantCount)
    case .hit(let k):
        let highest = relevances.max() ?? 0
        guard highest > 0 else { return 0 }
        return order.prefix(k).contains { rel($0) == highest } ? 1 : 0
    }
}

/// The four metrics every ranking carries (`MetricName.defaults`), each as `metricValue` computes it:
/// Hit@1 and Hit@3 (a candidate with the case's highest label among the first 1 or 3; 0 when that
/// label is ≤ 0), MRR (trec_eval `recip_rank`) and NDCG@10 (trec_eval `ndcg_cut.10`).
public func rankingMetrics(order: [Int], relevances: [Int]) -> RankingMetrics {
    RankingMetrics(hit1: metricValue(.hit(1), order: order, relevances: relevances),
                   hit3: metricValue(.hit(3), order: order, relevances: relevances),
                   mrr: metricValue(.mrr, order: order, relevances: relevances),
                   ndcg10: metricValue(.ndcg(10), order: order, relevances: relevances))
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
