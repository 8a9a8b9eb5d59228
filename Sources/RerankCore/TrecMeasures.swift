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
