/// What is wrong with a scorer's scores.
public enum DegenerateKind: String, Hashable, Sendable, Codable {
    /// Every candidate of a case gets (nearly) the same score: std below the threshold.
    case constant
    /// A score is NaN or infinite.
    case notANumber = "nan"
    /// Different instructions give exactly the same scores: the instruction never reached the model.
    case ignoresInstruction = "ignores-instruction"
}

/// One problem of one scorer, with the cases (slugs, in case order) that show it.
public struct DegenerateFinding: Hashable, Sendable, Codable {
    public var scorer: String
    public var kind: DegenerateKind
    public var cases: [String]
    /// Cases the check could look at (for "in 3 of 5 cases").
    public var casesChecked: Int
    public init(scorer: String, kind: DegenerateKind, cases: [String], casesChecked: Int) {
        self.scorer = scorer; self.kind = kind; self.cases = cases; self.casesChecked = casesChecked
    }

    /// The problem in plain words, without the case names.
    public var explanation: String {
        let share = "\(cases.count) of \(casesChecked) case\(casesChecked == 1 ? "" : "s")"
        switch kind {
        case .constant:
            return "gives every candidate (nearly) the same score in \(share); its ranking there is the first-stage order"
        case .notANumber:
            return "gave scores that are not numbers (NaN or infinite) in \(share)"
        case .ignoresInstruction:
            return "gives the same scores under different instructions in \(share): the instruction does not reach the model "
                + "(llama-server ignores it; vLLM needs the reranker's chat template)"
        }
    }
}

/// Looks for degenerate scores: per scorer that is not a baseline, the cases whose original-query scores are constant
/// (population std below `minStd`, over cases with two or more candidates), hold a NaN or an
/// infinity, or (for scorers that read the instruction and have no fixed one) are identical
/// under every instruction of a case that has two or more (cases with constant scores left out). Findings in card order, then kind.
public func findDegenerateScores(cases: [CaseResult], cards: [ScorerCard], minStd: Double) -> [DegenerateFinding] {
    var out: [DegenerateFinding] = []
    for card in cards where !card.isBaseline {
        var constant: [String] = [], notANumber: [String] = [], sameScores: [String] = []
        var sized = 0, scored = 0, multiInstruction = 0
        for result in cases {
            let rankings = result.instructions.compactMap { queryRanking(result, scorer: card.id, instruction: $0) }
            guard !rankings.isEmpty else { continue }
            scored += 1
            if rankings.contains(where: { $0.scores.contains { !$0.isFinite } }) { notANumber.append(result.file.slug) }
            var isConstant = false
            if result.file.candidates.count >= 2 {
                sized += 1
                isConstant = rankings.contains(where: { populationStd($0.scores).map { $0 < minStd } ?? false })
                if isConstant { constant.append(result.file.slug) }
            }
            // Constant scores are the same under any instruction; that finding says enough.
            if !isConstant, card.readsInstruction, card.instruction == nil, rankings.count >= 2,
               Set(rankings.map(\.instruction)).count >= 2, result.file.candidates.count >= 1 {
                multiInstruction += 1
                if rankings.dropFirst().allSatisfy({ $0.scores == rankings[0].scores }) { sameScores.append(result.file.slug) }
            }
        }
        if !constant.isEmpty { out.append(DegenerateFinding(scorer: card.id, kind: .constant, cases: constant, casesChecked: sized)) }
        if !notANumber.isEmpty { out.append(DegenerateFinding(scorer: card.id, kind: .notANumber, cases: notANumber, casesChecked: scored)) }
        if !sameScores.isEmpty {
            out.append(DegenerateFinding(scorer: card.id, kind: .ignoresInstruction, cases: sameScores, casesChecked: multiInstruction))
        }
    }
    return out
}

/// Population standard deviation of the finite scores; nil with fewer than two.
func populationStd(_ scores: [Double]) -> Double? {
    let finite = scores.filter(\.isFinite)
    guard finite.count >= 2 else { return nil }
    let mean = finite.reduce(0, +) / Double(finite.count)
    let variance = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count)
    return variance.squareRoot()
}

/// A case's ranking of the original query under one instruction by one scorer.
func queryRanking(_ result: CaseResult, scorer: String, instruction: String) -> Ranking? {
    result.rankings.first { $0.scorer == scorer && $0.instruction == instruction && $0.variant == .query }
}
