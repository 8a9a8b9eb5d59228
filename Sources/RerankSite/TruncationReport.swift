import RerankCore

/// The build's truncation warnings: one per case and scorer, naming every candidate that was cut to
/// the scorer's max length, with the longest prompt it needed, and the instructions and query
/// variants it was cut under. Pure.
func truncationWarnings(plan: ScoringPlan, scores: [[[PairScore]]]) -> [String] {
    struct Cut { var tokens: Int?; var instructions: [String] = []; var variants: Set<Int> = [] }
    var warnings: [String] = []
    for (s, scorer) in plan.scorerIDs.enumerated() {
        // Per case, in plan order: candidate index → what was cut.
        var byCase: [Int: [Int: Cut]] = [:]
        var caseOrder: [Int] = []
        for (i, slot) in plan.slots[s].enumerated() {
            for (d, pair) in scores[s][i].enumerated() where pair.truncated {
                if byCase[slot.caseIndex] == nil { byCase[slot.caseIndex] = [:]; caseOrder.append(slot.caseIndex) }
                var cut = byCase[slot.caseIndex]?[d] ?? Cut()
                if let t = pair.tokens { cut.tokens = max(cut.tokens ?? 0, t) }
                if !cut.instructions.contains(slot.instruction) { cut.instructions.append(slot.instruction) }
                cut.variants.insert(slot.variant)
                byCase[slot.caseIndex]?[d] = cut
            }
        }
        for c in caseOrder {
            guard let cuts = byCase[c] else { continue }
            let file = plan.cases[c]
            let candidates = cuts.keys.sorted().map { d -> String in
                let cut = cuts[d] ?? Cut()
                let line = file.candidates[d].location.line
                let tokens = cut.tokens.map { ", \($0) prompt tokens" } ?? ""
                return "candidate \(d + 1) (line \(line)\(tokens))"
            }
            let instructions = Set(cuts.values.flatMap(\.instructions)).sorted()
            let variants = cuts.values.reduce(into: Set<Int>()) { $0.formUnion($1.variants) }
            let under = instructions.map { "'\(shortened($0))'" }.joined(separator: ", ")
            let queries = variants.count == 1 && variants.contains(0) ? "the query"
                : variants.sorted().map { $0 == 0 ? "the query" : "rewrite \($0)" }.joined(separator: ", ")
            warnings.append("\(file.path): \(scorer): \(cuts.count) candidate(s) longer than the scorer's max_length "
                + "were cut and scored on their beginning: \(candidates.joined(separator: ", ")); "
                + "with \(queries), under instruction \(under)")
        }
    }
    return warnings
}

/// The first 60 characters of an instruction, for a one-line message.
private func shortened(_ text: String) -> String {
    let flat = text.replacingOccurrences(of: "\n", with: " ")
    return flat.count <= 60 ? flat : String(flat.prefix(59)) + "…"
}
