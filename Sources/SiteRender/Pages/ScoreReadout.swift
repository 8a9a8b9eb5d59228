import Foundation
import RerankCore

/// How one ranking's scores are shown. Usually four decimals on the scorer's own axis. When every
/// score sits within 0.001 of 0 or 1 (a confident reranker: 0.99998 against 0.99991), four decimals
/// print the same number for all of them, so the page shows each score's distance to 0 or 1 with
/// enough significant digits to tell them apart (`1 − 2.3×10⁻⁵`), and the chart spreads them on a
/// log-odds axis, ln(s / (1 − s)), the logit where the scorer reported one. The page says which.
struct ScoreReadout {
    /// True when the scores are probabilities that all sit within `margin` of 0 or 1.
    let saturated: Bool
    /// Significant digits of the distance to the bound, when saturated.
    private let digits: Int

    static let margin = 1e-3

    init(scores: [Double]) {
        saturated = scores.count >= 2 && scores.allSatisfy {
            $0.isFinite && $0 >= 0 && $0 <= 1 && ($0 <= Self.margin || $0 >= 1 - Self.margin)
        }
        guard saturated else { digits = 0; return }
        // The fewest digits (2 to 8) that give distinct scores distinct texts.
        let distinct = Set(scores).count
        var d = 2
        while d < 8, Set(scores.map { Self.nearBound($0, digits: d) }).count < distinct { d += 1 }
        digits = d
    }

    /// The score as shown in tables and tooltips.
    func text(_ x: Double) -> String {
        saturated ? Self.nearBound(x, digits: digits) : formatScore(x)
    }

    /// The log-odds positions of the ranking's candidates: the scorer's logit where every pair has
    /// one, else ln(s / (1 − s)) of the score, scores of exactly 0 or 1 placed just beyond the rest.
    static func logOdds(scores: [Double], pairs: [PairScore]) -> [Double] {
        if pairs.count == scores.count, pairs.allSatisfy({ $0.logit?.isFinite == true }) {
            return pairs.map { $0.logit ?? 0 }
        }
        let raw = scores.map { s -> Double in s <= 0 ? -.infinity : (s >= 1 ? .infinity : log(s / (1 - s))) }
        let finite = raw.filter { $0.isFinite }
        let lo = (finite.min() ?? 0) - 1, hi = (finite.max() ?? 0) + 1
        return raw.map { $0.isFinite ? $0 : ($0 > 0 ? hi : lo) }
    }

    /// `1 − 2.3×10⁻⁵` near 1, `4.1×10⁻⁷` near 0, `1` and `0` for the bounds themselves.
    static func nearBound(_ x: Double, digits: Int) -> String {
        if x >= 1 { return "1" }
        if x <= 0 { return "0" }
        return x >= 0.5 ? "1 − " + scientific(1 - x, digits: digits) : scientific(x, digits: digits)
    }

    /// `m×10⁻ᵉ` with `digits` significant digits of m.
    static func scientific(_ y: Double, digits: Int) -> String {
        var exponent = Int(log10(y).rounded(.down))
        var mantissa = y / pow(10, Double(exponent))
        // Rounding can carry the mantissa to 10 (9.96 → 10.0): move it to the next power.
        if fixed(mantissa, digits - 1).hasPrefix("10") { exponent += 1; mantissa /= 10 }
        return fixed(mantissa, digits - 1) + "×10" + superscript(exponent)
    }

    private static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(String(abs(n)).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }
}
