import Foundation
import RerankCore
import Yams

/// `checks:` in rerank-site.yml: the thresholds of the parity, constant-score and threshold views.
///
///     checks:
///       parity_tolerance: 0.01   # largest |Δscore| between scorers of the same model; ≥ 0
///       min_score_std: 1e-6      # a case's scores with a smaller std are "constant"; ≥ 0
///       relevant_label: 1        # the threshold view counts labels ≥ this as relevant; ≥ 1
func parseChecks(_ node: Node, fail: (Node?, String, String) -> Void) -> ScorerCheckSettings {
    var settings = ScorerCheckSettings()
    guard let mapping = node.mapping else {
        fail(node, "checks", "expected a mapping (parity_tolerance, min_score_std, relevant_label)")
        return settings
    }
    for (keyNode, value) in mapping {
        guard let key = keyNode.string else { fail(keyNode, "checks", "keys must be strings"); continue }
        let text = value.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
        let number = Double(text).flatMap { $0.isFinite ? $0 : nil }
        switch key {
        case "parity_tolerance", "min_score_std":
            guard let number, number >= 0 else { fail(value, "checks.\(key)", "must be a number ≥ 0, got '\(text)'"); continue }
            if key == "parity_tolerance" { settings.parityTolerance = number } else { settings.minScoreStd = number }
        case "relevant_label":
            guard let n = Int(text), n >= 1 else { fail(value, "checks.\(key)", "must be a whole number ≥ 1, got '\(text)'"); continue }
            settings.relevantLabel = n
        default:
            fail(keyNode, "checks.\(key)", "unknown setting '\(key)' (known: min_score_std, parity_tolerance, relevant_label)")
        }
    }
    return settings
}
