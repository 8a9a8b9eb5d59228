import Foundation

/// Two candidates whose order differs between two scorers: `first` is ranked above `second` by
/// the report's first scorer and below it by the second. Candidate indices are first-stage positions.
public struct FlippedPair: Hashable, Sendable, Codable {
    public var first: Int
    public var second: Int
    public init(first: Int, second: Int) { self.first = first; self.second = second }
}

/// Agreement of two scorers on one ranking of a case: one instruction slot and one variant (the
/// original query, a rewrite alone, or the fused ranking).
public struct ParityCase: Hashable, Sendable, Codable {
    public var slug: String
    /// 1-based position of the instruction among the case's instructions.
    public var instruction: Int
    public var variant: RankingVariant
    /// Candidates compared (finite |Δscore|).
    public var pairs: Int
    /// Mean |score₁ − score₂| over them.
    public var meanAbsDelta: Double
    /// Kendall's τ-b between the two score lists; nil when undefined (fewer than two candidates,
    /// or one scorer gives every candidate the same score).
    public var tau: Double?
    /// Largest |score₁ − score₂| over the case's candidates.
    public var maxAbsDelta: Double
    /// Pairs in another order, the first scorer's best first; at most `flippedPairLimit` of them.
    public var flips: [FlippedPair]
    /// How many pairs are in another order in all.
    public var flipCount: Int
    public init(slug: String, instruction: Int, variant: RankingVariant = .query, pairs: Int = 0, meanAbsDelta: Double = 0,
                tau: Double?, maxAbsDelta: Double, flips: [FlippedPair], flipCount: Int? = nil) {
        self.slug = slug; self.instruction = instruction; self.variant = variant; self.pairs = pairs
        self.meanAbsDelta = meanAbsDelta; self.tau = tau; self.maxAbsDelta = maxAbsDelta; self.flips = flips
        self.flipCount = flipCount ?? flips.count
    }
}

/// The case rankings of one instruction slot and variant, summarised: how two scorers agree on,
/// say, every case's second instruction with the rewrites fused.
public struct ParityGroup: Hashable, Sendable, Codable {
    public var instruction: Int
    public var variant: RankingVariant
    /// Case rankings in the group.
    public var rankings: Int
    public var pairs: Int
    public var maxAbsDelta: Double
    public var meanAbsDelta: Double
    /// Mean Kendall τ-b over the rankings where it is defined; nil when it is nowhere.
    public var meanTau: Double?
    public var flipCount: Int
}

/// Two scorers that run the same model, compared pair by pair.
public struct ParityReport: Hashable, Sendable, Codable {
    public var first: String
    public var second: String
    /// Why they are compared, in words (`both run Qwen/Qwen3-Reranker-0.6B`, `parity: set in the configuration`).
    public var reason: String
    /// Pairs compared (candidates × rankings both scorers made: every instruction slot, the
    /// original query, each rewrite alone and the fused ranking).
    public var pairs: Int
    public var maxAbsDelta: Double
    public var meanAbsDelta: Double
    public var tolerance: Double
    public var cases: [ParityCase]
    /// True when some |Δscore| is above the tolerance (or a score is not a number).
    public var exceedsTolerance: Bool
    public var flipCount: Int { cases.reduce(0) { $0 + $1.flipCount } }

    /// The cases grouped by instruction slot and variant, slots first, then variants in display order.
    public var groups: [ParityGroup] {
        var keys: [(Int, RankingVariant)] = []
        var members: [String: [ParityCase]] = [:]
        for c in cases {
            let key = "\(c.instruction)|\(c.variant.name)"
            if members[key] == nil { keys.append((c.instruction, c.variant)) }
            members[key, default: []].append(c)
        }
        keys.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return keys.map { slot, variant in
            let group = members["\(slot)|\(variant.name)"] ?? []
            let pairs = group.reduce(0) { $0 + $1.pairs }
            let sum = group.reduce(0.0) { $0 + $1.meanAbsDelta * Double($1.pairs) }
            let taus = group.compactMap(\.tau)
            return ParityGroup(instruction: slot, variant: variant, rankings: group.count, pairs: pairs,
                               maxAbsDelta: group.map(\.maxAbsDelta).max() ?? 0,
                               meanAbsDelta: pairs > 0 ? sum / Double(pairs) : 0,
                               meanTau: taus.isEmpty ? nil : taus.reduce(0, +) / Double(taus.count),
                               flipCount: group.reduce(0) { $0 + $1.flipCount })
        }
    }

    public init(first: String, second: String, reason: String, pairs: Int, maxAbsDelta: Double, meanAbsDelta: Double,
                tolerance: Double, cases: [ParityCase], exceedsTolerance: Bool) {
        self.first = first; self.second = second; self.reason = reason; self.pairs = pairs; self.maxAbsDelta = maxAbsDelta
        self.meanAbsDelta = meanAbsDelta; self.tolerance = tolerance; self.cases = cases; self.exceedsTolerance = exceedsTolerance
    }
}

/// The pairs of scorers to compare, in configuration order: those a `parity:` key names, then any
/// two whose cards name the same model (case-insensitively), each pair once.
public func parityPairs(cards: [ScorerCard], configured: [ScorerPair]) -> [(pair: ScorerPair, reason: String)] {
    var out: [(pair: ScorerPair, reason: String)] = []
    func seen(_ a: String, _ b: String) -> Bool {
        out.contains { ($0.pair.first == a && $0.pair.second == b) || ($0.pair.first == b && $0.pair.second == a) }
    }
    for pair in configured where pair.first != pair.second && !seen(pair.first, pair.second) {
        out.append((pair, "parity: set in the configuration"))
    }
    for (i, a) in cards.enumerated() {
        guard let model = a.model, !model.isEmpty else { continue }
        for b in cards[(i + 1)...] where b.model?.lowercased() == model.lowercased() && !seen(a.id, b.id) {
            out.append((ScorerPair(first: a.id, second: b.id), "both run \(model)"))
        }
    }
    return out
}

/// Two scorer ids, in the order a report shows them.
public struct ScorerPair: Hashable, Sendable, Codable {
    public var first: String
    public var second: String
    public init(first: String, second: String) { self.first = first; self.second = second }
}

/// Compares two scorers over every ranking both made: each case's every instruction slot, with the
/// original query, each rewrite alone and the fused ranking.
public func parityReport(cases: [CaseResult], pair: ScorerPair, reason: String, tolerance: Double) -> ParityReport {
    var perCase: [ParityCase] = []
    var sum = 0.0, count = 0, maxDelta = 0.0
    var notANumber = false
    for result in cases {
        for (n, instruction) in result.instructions.enumerated() {
            let firsts = result.rankings.filter { $0.scorer == pair.first && $0.instruction == instruction }
                .sorted { $0.variant < $1.variant }
            for a in firsts {
                guard let b = result.rankings.first(where: {
                    $0.scorer == pair.second && $0.instruction == instruction && $0.variant == a.variant
                }), a.scores.count == b.scores.count else { continue }
                var caseMax = 0.0, caseSum = 0.0, casePairs = 0
                for (x, y) in zip(a.scores, b.scores) {
                    let d = abs(x - y)
                    if d.isNaN { notANumber = true; continue }
                    caseMax = max(caseMax, d); caseSum += d; casePairs += 1
                }
                sum += caseSum; count += casePairs
                maxDelta = max(maxDelta, caseMax)
                let flips = flippedPairs(a.rankOf, b.rankOf, limit: flippedPairLimit)
                perCase.append(ParityCase(slug: result.file.slug, instruction: n + 1, variant: a.variant, pairs: casePairs,
                                          meanAbsDelta: casePairs > 0 ? caseSum / Double(casePairs) : 0,
                                          tau: kendallTauB(a.scores, b.scores),
                                          maxAbsDelta: caseMax, flips: flips.pairs, flipCount: flips.count))
            }
        }
    }
    return ParityReport(first: pair.first, second: pair.second, reason: reason, pairs: count, maxAbsDelta: maxDelta,
                        meanAbsDelta: count > 0 ? sum / Double(count) : 0, tolerance: tolerance, cases: perCase,
                        exceedsTolerance: notANumber || maxDelta > tolerance)
}

/// Kendall's τ-b of two equally long lists, as scipy.stats.kendalltau computes it by default:
/// (concordant − discordant) / √((n₀ − ties in x)(n₀ − ties in y)) over the n₀ = n(n−1)/2 pairs.
/// Nil when fewer than two items, a NaN is present, or either list is constant.
public func kendallTauB(_ x: [Double], _ y: [Double]) -> Double? {
    let n = min(x.count, y.count)
    guard n >= 2, !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else { return nil }
    var concordant = 0, discordant = 0, tiesX = 0, tiesY = 0, pairs = 0
    for i in 0..<n {
        for j in (i + 1)..<n {
            pairs += 1
            let dx = x[i] - x[j], dy = y[i] - y[j]
            if dx == 0 { tiesX += 1 }
            if dy == 0 { tiesY += 1 }
            if dx == 0 || dy == 0 { continue }
            if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
        }
    }
    let denominator = (Double(pairs - tiesX) * Double(pairs - tiesY)).squareRoot()
    guard denominator > 0 else { return nil }
    return Double(concordant - discordant) / denominator
}

/// Flipped pairs kept per case: a case of thousands of candidates can flip millions of pairs.
public let flippedPairLimit = 20

/// Candidate pairs ranked one way by the first ranks and the other way by the second (ranks are
/// 1-based, indexed by candidate; ties were already broken by first-stage order): the first
/// `limit` of them in the first ranking's order, and how many there are.
public func flippedPairs(_ first: [Int], _ second: [Int], limit: Int = .max) -> (pairs: [FlippedPair], count: Int) {
    let n = min(first.count, second.count)
    // Candidates in the first ranking's order.
    let byFirst = (0..<n).sorted { first[$0] < first[$1] }
    var pairs: [FlippedPair] = []
    var count = 0
    for (x, i) in byFirst.enumerated() {
        for j in byFirst[(x + 1)...] where second[i] > second[j] {
            count += 1
            if pairs.count < limit { pairs.append(FlippedPair(first: i, second: j)) }
        }
    }
    return (pairs, count)
}
