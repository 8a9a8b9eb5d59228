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

/// One scorer's precision/recall/F1 against the score threshold over its labelled pairs of one
/// instruction slot (every labelled case's original query under its n-th instruction, pooled).
public struct ThresholdCurve: Hashable, Sendable, Codable {
    public var scorer: String
    /// 1-based instruction slot the pairs come from.
    public var instruction: Int
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
    public init(scorer: String, instruction: Int = 1, pairs: Int, relevant: Int, relevantLabel: Int, points: [ThresholdPoint],
                best: ThresholdPoint) {
        self.scorer = scorer; self.instruction = instruction; self.pairs = pairs; self.relevant = relevant; self.relevantLabel = relevantLabel
        self.points = points; self.best = best
    }
}

/// The threshold curve of scored pairs (`relevant[i]` tells whether pair i is relevant), computed as
/// scikit-learn's `precision_recall_curve` does (a pair is predicted relevant when its score ≥ the
/// threshold; one point per distinct score). NaN and infinite scores are left out. Nil when no
/// pair is relevant (recall is undefined).
public func thresholdCurve(scorer: String, instruction: Int = 1, scores: [Double], relevant: [Bool],
                           relevantLabel: Int) -> ThresholdCurve? {
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
    return ThresholdCurve(scorer: scorer, instruction: instruction, pairs: pairs.count, relevant: positives, relevantLabel: relevantLabel,
                          points: points, best: best)
}

/// Threshold curves over the labelled cases' original-query rankings (a candidate is relevant when
/// its label is at least `relevantLabel`; unlabelled candidates of a labelled case count as 0): one
/// per scorer and instruction slot, the cases pooled within a slot. A scorer that does not read the
/// instruction (its scores are the same under every one) gets slot 1 only, as does a slot no case
/// reaches. Scorers without a relevant pair get none.
public func thresholdCurves(cases: [CaseResult], cards: [ScorerCard], relevantLabel: Int) -> [ThresholdCurve] {
    let labelled = cases.filter { $0.file.hasLabels }
    let slots = labelled.map(\.instructions.count).max() ?? 1
    return cards.flatMap { card -> [ThresholdCurve] in
        (1...max(1, card.readsInstruction ? slots : 1)).compactMap { slot in
            var scores: [Double] = [], relevant: [Bool] = []
            for result in labelled where result.instructions.count >= slot || slot == 1 {
                let instruction = result.instructions.isEmpty ? nil : result.instructions[slot - 1]
                guard let ranking = result.rankings.first(where: { r in
                    r.scorer == card.id && r.variant == .query && (instruction.map { r.instruction == $0 } ?? true)
                }) else { continue }
                for (c, candidate) in result.file.candidates.enumerated() where c < ranking.scores.count {
                    scores.append(ranking.scores[c])
                    relevant.append((candidate.label ?? 0) >= relevantLabel)
                }
            }
            return thresholdCurve(scorer: card.id, instruction: slot, scores: scores, relevant: relevant, relevantLabel: relevantLabel)
        }
    }
}
