/// Reciprocal-rank fusion constant (Cormack, Clarke & Büttcher 2009).
public let rrfK = 60.0

/// Fuses the scores of the query and its rewrites into one score per candidate.
///
/// `perQuery[q][c]` is the score of candidate c (baseline position) for query q (the original
/// query first, then the rewrites). The result has one score per candidate:
/// - `max`: the highest score any query gave the candidate;
/// - `mean`: the arithmetic mean over the queries;
/// - `rrf`: Σ_q 1 / (60 + rank_q(c)), with rank_q the 1-based rank from `rankOrder`
///   (ties in a query's scores broken by baseline order).
/// Every list must have as many scores as the first; a list of another length is left out.
/// No queries give an empty result.
public func fuseScores(_ perQuery: [[Double]], method: FusionMethod) -> [Double] {
    guard let first = perQuery.first else { return [] }
    let count = first.count
    let lists = perQuery.filter { $0.count == count }
    var fused = [Double](repeating: 0, count: count)
    switch method {
    case .max:
        fused = first
        for list in lists.dropFirst() {
            for c in 0..<count where list[c] > fused[c] { fused[c] = list[c] }
        }
    case .mean:
        for list in lists {
            for c in 0..<count { fused[c] += list[c] }
        }
        let n = Double(lists.count)
        for c in 0..<count { fused[c] /= n }
    case .rrf:
        for list in lists {
            for (rank, c) in rankOrder(scores: list).enumerated() {
                fused[c] += 1 / (rrfK + Double(rank + 1))
            }
        }
    }
    return fused
}
