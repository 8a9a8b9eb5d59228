/// Precision, recall and F1 when every pair scoring at least `threshold` is called relevant.
public struct ThresholdPoint: Hashable, Sendable, Codable {
    public var threshold: Double
    /// Pairs at or above the threshold.
    public var predicted: Int
    public var truePositives: Int
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public init(threshold: Double, predicted: Int, truePositives: Int, precision: Double, recall: Double, f1: Double) {
        self.threshold = threshold; self.predicted = predicted; self.truePositives = truePositives
        self.precision = precision; self.recall = recall; self.f1 = f1
    }
}

/// One scorer's precision/recall/F1 against the score threshold over its labelled pairs.
public struct ThresholdCurve: Hashable, Sendable, Codable {
    public var scorer: String
    /// Labelled pairs with a finite score.
    public var pairs: Int
    /// Pairs whose label is at least the relevance label.
    public var relevant: Int
    /// The label from which a pair counts as relevant.
    public var relevantLabel: Int
    /// One point per distinct score, highest threshold first.
    public var points: [ThresholdPoint]
    /// The point with the highest F1; of equal ones, the highest threshold.
    public var best: ThresholdPoint
    public init(scorer: String, pairs: Int, relevant: Int, relevantLabel: Int, points: [ThresholdPoint], best: ThresholdPoint) {
        self.scorer = scorer; self.pairs = pairs; self.relevant = relevant; self.relevantLabel = relevantLabel
        self.points = points; self.best = best
    }
}

/// The threshold curve of scored pairs (`relevant[i]` tells whether pair i is relevant), computed as
/// scikit-learn's `precision_recall_curve` does (a pair is predicted relevant when its score ≥ the
/// threshold; one point per distinct score). NaN and infinite scores are left out. Nil when no
/// pair is relevant (recall is undefined).
public func thresholdCurve(scorer: String, scores: [Double], relevant: [Bool], relevantLabel: Int) -> ThresholdCurve? {
    let pairs = zip(scores, relevant).filter { $0.0.isFinite }.sorted { $0.0 > $1.0 }
    let positives = pairs.filter(\.1).count
    guard positives > 0 else { return nil }
    var points: [ThresholdPoint] = []
    var predicted = 0, truePositives = 0, i = 0
    while i < pairs.count {
        let threshold = pairs[i].0
        while i < pairs.count, pairs[i].0 == threshold {
            predicted += 1
            if pairs[i].1 { truePositives += 1 }
            i += 1
        }
        let precision = Double(truePositives) / Double(predicted)
        let recall = Double(truePositives) / Double(positives)
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        points.append(ThresholdPoint(threshold: threshold, predicted: predicted, truePositives: truePositives,
                                     precision: precision, recall: recall, f1: f1))
    }
    var best = points[0]
    for p in points.dropFirst() where p.f1 > best.f1 { best = p }
    return ThresholdCurve(scorer: scorer, pairs: pairs.count, relevant: positives, relevantLabel: relevantLabel,
                          points: points, best: best)
}

/// A threshold curve per scorer over the labelled cases' headline rankings (first instruction,
/// original query); a candidate is relevant when its label is at least `relevantLabel`
/// (unlabelled candidates of a labelled case count as 0). Scorers without a relevant pair get none.
public func thresholdCurves(cases: [CaseResult], scorers: [String], relevantLabel: Int) -> [ThresholdCurve] {
    scorers.compactMap { scorer in
        var scores: [Double] = [], relevant: [Bool] = []
        for result in cases where result.file.hasLabels {
            guard let ranking = headlineRanking(result, scorer: scorer) else { continue }
            for (c, candidate) in result.file.candidates.enumerated() where c < ranking.scores.count {
                scores.append(ranking.scores[c])
                relevant.append((candidate.label ?? 0) >= relevantLabel)
            }
        }
        return thresholdCurve(scorer: scorer, scores: scores, relevant: relevant, relevantLabel: relevantLabel)
    }
}
