import RerankCore

/// A one-line verdict of what a scorer did to a case, against the baseline.
struct Verdict: Equatable {
    enum Direction: String { case up, down, same }
    var direction: Direction
    var text: String

    /// The rule, first instruction and original query:
    /// - labelled cases compare the label of the top result with the baseline's top result
    ///   (`↑ top result now rel 3 (was rel 0)`), name a changed top result of equal label, and add
    ///   NDCG@10 before → after when it changed;
    /// - unlabelled cases name the candidate that moved the most places (ties: the one that moved up,
    ///   then the earlier baseline position), with its snippet.
    static func make(file: CaseFile, baseline: Ranking, ranking: Ranking) -> Verdict {
        guard let bTop = baseline.order.first, let sTop = ranking.order.first else {
            return Verdict(direction: .same, text: "no candidates")
        }
        if file.hasLabels {
            let rel = file.relevances
            var v: Verdict
            if rel[sTop] > rel[bTop] {
                v = Verdict(direction: .up, text: "↑ top result now rel \(rel[sTop]) (was rel \(rel[bTop]))")
            } else if rel[sTop] < rel[bTop] {
                v = Verdict(direction: .down, text: "↓ top result now rel \(rel[sTop]) (was rel \(rel[bTop]))")
            } else if sTop == bTop {
                v = Verdict(direction: .same, text: "= same top result (rel \(rel[sTop]))")
            } else {
                v = Verdict(direction: .same, text: "= new top result c\(sTop), still rel \(rel[sTop])")
            }
            if let mb = baseline.metrics, let ms = ranking.metrics, fixed(mb.ndcg10, 3) != fixed(ms.ndcg10, 3) {
                v.text += " · NDCG@10 \(fixed(mb.ndcg10, 3)) → \(fixed(ms.ndcg10, 3))"
                if v.direction == .same { v.direction = ms.ndcg10 > mb.ndcg10 ? .up : .down }
            }
            return v
        }
        let before = baseline.rankOf, after = ranking.rankOf
        var best: (candidate: Int, move: Int)?
        for c in 0..<min(before.count, after.count) {
            let move = before[c] - after[c]
            guard let current = best else { best = (c, move); continue }
            if abs(move) > abs(current.move) || (abs(move) == abs(current.move) && move > current.move) {
                best = (c, move)
            }
        }
        guard let best, best.move != 0 else { return Verdict(direction: .same, text: "= order unchanged") }
        let arrow = best.move > 0 ? "↑\(best.move)" : "↓\(-best.move)"
        let quote = snippet(file.candidates[best.candidate].text, limit: 40)
        return Verdict(direction: best.move > 0 ? .up : .down,
                       text: "c\(best.candidate) moved most: \(arrow) to rank \(after[best.candidate]) — “\(quote)”")
    }
}

/// `↑3`, `↓1` or `=` for a candidate's move from `before` to `after` (1-based ranks).
func movement(before: Int, after: Int) -> (text: String, className: String) {
    let d = before - after
    if d > 0 { return ("↑\(d)", "up") }
    if d < 0 { return ("↓\(-d)", "down") }
    return ("=", "same")
}
