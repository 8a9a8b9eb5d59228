import Mustache
import RerankCore

/// One line of a case page's "Check these scores" box: a scorer (or pair) and what is wrong.
struct CaseCheckLine: MustacheParent {
    let scorer: String
    let text: String

    func child(named name: String) -> Any? {
        switch name {
        case "scorer": return scorer
        case "text": return text
        default: return nil
        }
    }
}

/// The scorer-check lines of every case, by slug, made once for the whole site: each case page
/// looks its own up instead of searching every finding.
func caseCheckLines(_ checks: ScorerChecks) -> [String: [CaseCheckLine]] {
    var out: [String: [CaseCheckLine]] = [:]
    for finding in checks.degenerate {
        for slug in finding.cases { out[slug, default: []].append(CaseCheckLine(scorer: finding.scorer, text: caseText(finding.kind))) }
    }
    for report in checks.parity {
        for c in report.cases where !c.flips.isEmpty || !(c.maxAbsDelta <= report.tolerance) {
            let flips = c.flips.prefix(8).map { "c\($0.first) above c\($0.second)" }.joined(separator: ", ")
            let text = "run the same model (\(report.reason)) but differ here"
                + (c.instruction > 1 ? " with instruction \(c.instruction)" : "")
                + (c.variant == .query ? "" : " (\(c.variant.title))")
                + ": max |Δscore| \(formatSmall(c.maxAbsDelta)), Kendall τ \(c.tau.map { fixed($0, 3) } ?? "—"), "
                + "\(c.flipCount) pair\(c.flipCount == 1 ? "" : "s") in another order"
                + (c.flips.isEmpty ? "" : " (" + flips + (c.flipCount > 8 ? ", …" : "") + ")")
            out[c.slug, default: []].append(CaseCheckLine(scorer: "\(report.first) / \(report.second)", text: text))
        }
    }
    return out
}

private func caseText(_ kind: DegenerateKind) -> String {
    switch kind {
    case .constant: return "gives every candidate (nearly) the same score, so its ranking is the first-stage order"
    case .notANumber: return "gave a score that is not a number (NaN or infinite)"
    case .ignoresInstruction: return "gives the same scores under every instruction: the instruction does not reach the model"
    }
}
