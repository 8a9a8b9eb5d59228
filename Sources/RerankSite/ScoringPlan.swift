import RerankCore

/// Which requests each scorer gets, and how their scores come back together as rankings. Pure.
struct ScoringPlan {
    struct Slot { var caseIndex: Int; var instruction: String; var variant: Int }

    let cases: [CaseFile]
    let scorerIDs: [String]
    /// Instructions per case (the case's own or the default).
    let instructions: [[String]]
    /// Per scorer: the requests, and for each the case, instruction and query variant it belongs to.
    private(set) var requests: [[ScoreRequest]] = []
    private(set) var slots: [[Slot]] = []

    init(cases: [CaseFile], scorers: [ConfiguredScorer], defaultInstruction: String) {
        self.cases = cases
        self.scorerIDs = scorers.map(\.scorer.id)
        self.instructions = cases.map { $0.instructions.isEmpty ? [defaultInstruction] : $0.instructions }
        for configured in scorers {
            var reqs: [ScoreRequest] = []
            var sl: [Slot] = []
            for (c, file) in cases.enumerated() {
                let documents = file.candidates.map(\.text)
                for instruction in Self.instructions(for: configured, caseInstructions: instructions[c]) {
                    for (v, query) in ([file.query] + file.rewrites).enumerated() {
                        reqs.append(ScoreRequest(instruction: instruction, query: query, documents: documents))
                        sl.append(Slot(caseIndex: c, instruction: instruction, variant: v))
                    }
                }
            }
            requests.append(reqs)
            slots.append(sl)
        }
    }

    /// A scorer that ignores instructions ranks once; an override replaces the case's instructions.
    static func instructions(for configured: ConfiguredScorer, caseInstructions: [String]) -> [String] {
        if let o = configured.instructionOverride { return [o] }
        return configured.scorer.usesInstruction ? caseInstructions : [caseInstructions[0]]
    }

    /// Rankings per case: for each scorer and instruction, the query's ranking and, with rewrites,
    /// each rewrite's ranking and the fused one.
    func rankings(scores: [[[PairScore]]], fusion: FusionMethod) -> [CaseResult] {
        var perCase = [[Ranking]](repeating: [], count: cases.count)
        for (s, scorer) in scorerIDs.enumerated() {
            // Group this scorer's results by (case, instruction), variants in order.
            var i = 0
            while i < slots[s].count {
                let slot = slots[s][i]
                var variants: [[PairScore]] = []
                while i < slots[s].count, slots[s][i].caseIndex == slot.caseIndex, slots[s][i].instruction == slot.instruction {
                    variants.append(scores[s][i]); i += 1
                }
                let file = cases[slot.caseIndex]
                let relevances = file.hasLabels ? file.relevances : nil
                perCase[slot.caseIndex].append(makeRanking(
                    scorer: scorer, instruction: slot.instruction, variant: .query,
                    scores: variants[0].map(\.score), pairs: variants[0], relevances: relevances))
                if variants.count > 1 {
                    // Each rewrite's own ranking, so a page can show what each phrasing found.
                    for (n, rewrite) in variants.enumerated().dropFirst() {
                        perCase[slot.caseIndex].append(makeRanking(
                            scorer: scorer, instruction: slot.instruction, variant: .rewrite(n),
                            scores: rewrite.map(\.score), pairs: rewrite, relevances: relevances))
                    }
                    let fused = fuseScores(variants.map { $0.map(\.score) }, method: fusion)
                    perCase[slot.caseIndex].append(makeRanking(
                        scorer: scorer, instruction: slot.instruction, variant: .fused(fusion),
                        scores: fused, pairs: [], relevances: relevances))
                }
            }
        }
        return cases.indices.map { CaseResult(file: cases[$0], instructions: instructions[$0], rankings: perCase[$0]) }
    }
}
