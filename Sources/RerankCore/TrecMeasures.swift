/// The value of one metric for one ranking, as trec_eval computes it on the exported run and qrels
/// (trec_eval 9.0.x: m_ndcg_cut.c, m_map.c, m_recip_rank.c, m_P.c, m_recall.c; relevance level 1).
///
/// `order` holds candidate indices best first, as `rankOrder` gives them; `relevances[c]` is the
/// label of candidate c (unlabelled → 0). Every candidate of the case is judged, as the exported
/// qrels judge them.
public func metricValue(_ metric: MetricName, order: [Int], relevances: [Int]) -> Double {
    func rel(_ c: Int) -> Int { relevances.indices.contains(c) ? relevances[c] : 0 }
    let relevantCount = relevances.filter { $0 >= 1 }.count
    switch metric {
    case .ndcg(let k):
        let ideal = discountedCumulativeGain(relevances.sorted(by: >), cutoff: k)
        return ideal > 0 ? discountedCumulativeGain(order.map(rel), cutoff: k) / ideal : 0
    case .map:
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
        guard relevantCount > 0 else { return 0 }
        return Double(order.prefix(k).filter { rel($0) >= 1 }.count) / Double(relevantCount)
    case .hit(let k):
        let highest = relevances.max() ?? 0
        guard highest > 0 else { return 0 }
        return order.prefix(k).contains { rel($0) == highest } ? 1 : 0
    }
}

/// The scores a TREC run file gives a ranking, best first, so that trec_eval sees exactly `order`.
/// trec_eval sorts by score and breaks ties by docid (descending), and it reads scores into C floats
/// (`TEXT_RESULTS.sim`), so two different doubles can tie there. Each score is therefore the
/// candidate's own when it is below the previous line's as a float, and otherwise the next float
/// below that one: a change in the 8th significant digit at most per tied candidate, invisible at
/// the digits pages show.
public func runFileScores(scores: [Double], order: [Int]) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(order.count)
    for c in order {
        let own = scores.indices.contains(c) ? scores[c] : 0
        if let previous = out.last, !(Float(own) < Float(previous)) {
            let below = Float(previous).nextDown
            out.append(below.isFinite ? Double(below) : previous)
        } else {
            out.append(own)
        }
    }
    return out
}

/// The query id a TREC run file and qrels give a case: its slug with whitespace replaced by `_`.
public func trecQueryID(slug: String) -> String {
    String(slug.map { $0.isWhitespace ? "_" : $0 })
}
