import Mustache

// The scorer checks' view models (`checks.mustache` on the index, `case-checks.mustache` on a case
// page), typed as the pages' own models are: a name a model lacks climbs to the page's root and
// fails the build naming the template and line. ChecksView makes them.

/// The index's "Scorer checks" section.
final class ChecksModel: MustacheParent {
    let warnings: [DegenerateWarning]
    let parity: [ParityCard]
    let thresholdRows: [ThresholdRow]
    let thresholdCharts: [ThresholdFigure]
    /// Whether some scorer has a curve per instruction slot (the tables show the slot).
    let thresholdSlots: Bool
    let relevantLabel: Int
    let minScoreStd: String

    init(warnings: [DegenerateWarning], parity: [ParityCard], thresholdRows: [ThresholdRow],
         thresholdCharts: [ThresholdFigure], thresholdSlots: Bool, relevantLabel: Int, minScoreStd: String) {
        self.warnings = warnings; self.parity = parity; self.thresholdRows = thresholdRows
        self.thresholdCharts = thresholdCharts; self.thresholdSlots = thresholdSlots
        self.relevantLabel = relevantLabel; self.minScoreStd = minScoreStd
    }

    func child(named name: String) -> Any? {
        switch name {
        case "hasWarnings": return !warnings.isEmpty
        case "warnings": return warnings
        case "hasParity": return !parity.isEmpty
        case "parity": return parity
        case "hasThresholds": return !thresholdRows.isEmpty
        case "thresholdRows": return thresholdRows
        case "thresholdSlots": return thresholdSlots
        case "thresholdCharts": return thresholdCharts
        case "relevantLabel": return relevantLabel
        case "minScoreStd": return minScoreStd
        default: return nil
        }
    }
}

/// A degenerate-score warning: the scorer, what is wrong, and the cases it was seen in.
final class DegenerateWarning: MustacheParent {
    /// A case named by a warning, or (title and href empty) the count of those not named.
    final class CaseLink: MustacheParent {
        let title, href, more: String
        init(title: String, href: String, more: String) { self.title = title; self.href = href; self.more = more }
        func child(named name: String) -> Any? {
            switch name {
            case "title": return title
            case "href": return href
            case "more": return more
            default: return nil
            }
        }
    }

    let scorer, text: String
    let cases: [CaseLink]
    init(scorer: String, text: String, cases: [CaseLink]) { self.scorer = scorer; self.text = text; self.cases = cases }
    func child(named name: String) -> Any? {
        switch name {
        case "scorer": return scorer
        case "text": return text
        case "cases": return cases
        default: return nil
        }
    }
}

/// Two scorers that run the same model, compared: the whole, by slot/variant, and the case
/// rankings that disagree.
final class ParityCard: MustacheParent {
    struct Facts {
        var first, second, firstName, secondName, reason, anchor: String
        var pairs, caseCount, flipCount: Int
        var maxAbsDelta, meanAbsDelta, tolerance, meanTau, minTau: String
        var exceeds: Bool
        /// Case rankings within the tolerance in the same order; disagreeing ones not listed.
        var agreeing, notListed: Int
    }

    let facts: Facts
    let groups: [ParityGroupRow]
    let rows: [ParityCaseRow]
    init(facts: Facts, groups: [ParityGroupRow], rows: [ParityCaseRow]) { self.facts = facts; self.groups = groups; self.rows = rows }

    func child(named name: String) -> Any? {
        switch name {
        case "first": return facts.first
        case "second": return facts.second
        case "firstName": return facts.firstName
        case "secondName": return facts.secondName
        case "reason": return facts.reason
        case "anchor": return facts.anchor
        case "pairs": return facts.pairs
        case "maxAbsDelta": return facts.maxAbsDelta
        case "meanAbsDelta": return facts.meanAbsDelta
        case "tolerance": return facts.tolerance
        case "exceeds": return facts.exceeds
        case "verdict":
            return facts.exceeds
                ? "They disagree beyond the tolerance: check the server's model, revision, precision and prompt template."
                : "They agree within the tolerance."
        case "caseCount": return facts.caseCount
        case "groups": return groups
        case "hasGroups": return groups.count > 1
        case "meanTau": return facts.meanTau
        case "minTau": return facts.minTau
        case "flipCount": return facts.flipCount
        case "rows": return rows
        case "hasRows": return !rows.isEmpty
        case "agreeing": return facts.agreeing
        case "hasAgreeing": return facts.agreeing > 0
        case "notListed": return facts.notListed
        case "hasNotListed": return facts.notListed > 0
        default: return nil
        }
    }
}

/// A parity card's row for one instruction slot and ranking variant.
final class ParityGroupRow: MustacheParent {
    let instruction, rankings, pairs, flipCount: Int
    let variant, maxAbsDelta, meanAbsDelta, meanTau: String
    let beyond: Bool
    init(instruction: Int, variant: String, rankings: Int, pairs: Int, maxAbsDelta: String, meanAbsDelta: String,
         beyond: Bool, meanTau: String, flipCount: Int) {
        self.instruction = instruction; self.variant = variant; self.rankings = rankings; self.pairs = pairs
        self.maxAbsDelta = maxAbsDelta; self.meanAbsDelta = meanAbsDelta; self.beyond = beyond
        self.meanTau = meanTau; self.flipCount = flipCount
    }
    func child(named name: String) -> Any? {
        switch name {
        case "instruction": return instruction
        case "variant": return variant
        case "rankings": return rankings
        case "pairs": return pairs
        case "maxAbsDelta": return maxAbsDelta
        case "meanAbsDelta": return meanAbsDelta
        case "beyond": return beyond
        case "meanTau": return meanTau
        case "flipCount": return flipCount
        default: return nil
        }
    }
}

/// A case ranking on which two parity scorers disagree.
final class ParityCaseRow: MustacheParent {
    let title, href, variant, tau, maxAbsDelta, flips: String
    let instruction: Int
    let hasVariant, beyond: Bool
    init(title: String, href: String, instruction: Int, variant: String, hasVariant: Bool, tau: String,
         maxAbsDelta: String, beyond: Bool, flips: String) {
        self.title = title; self.href = href; self.instruction = instruction; self.variant = variant
        self.hasVariant = hasVariant; self.tau = tau; self.maxAbsDelta = maxAbsDelta; self.beyond = beyond; self.flips = flips
    }
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "href": return href
        case "instruction": return instruction
        case "hasInstruction": return instruction > 1
        case "variant": return variant
        case "hasVariant": return hasVariant
        case "tau": return tau
        case "maxAbsDelta": return maxAbsDelta
        case "beyond": return beyond
        case "flips": return flips
        default: return nil
        }
    }
}

/// A scorer's best-F1 threshold for one instruction slot.
final class ThresholdRow: MustacheParent {
    let scorer, name, threshold, precision, recall, f1: String
    let instruction, pairs, relevant, predicted: Int
    init(scorer: String, name: String, instruction: Int, pairs: Int, relevant: Int, threshold: String,
         precision: String, recall: String, f1: String, predicted: Int) {
        self.scorer = scorer; self.name = name; self.instruction = instruction; self.pairs = pairs; self.relevant = relevant
        self.threshold = threshold; self.precision = precision; self.recall = recall; self.f1 = f1; self.predicted = predicted
    }
    func child(named key: String) -> Any? {
        switch key {
        case "scorer": return scorer
        case "name": return name
        case "instruction": return instruction
        case "pairs": return pairs
        case "relevant": return relevant
        case "threshold": return threshold
        case "precision": return precision
        case "recall": return recall
        case "f1": return f1
        case "predicted": return predicted
        default: return nil
        }
    }
}

/// A scorer's precision/recall/F1 curve over thresholds, for one instruction slot.
final class ThresholdFigure: MustacheParent {
    let scorer, name, anchor, svgHtml: String
    let instruction: Int
    let slotted: Bool
    init(scorer: String, name: String, instruction: Int, slotted: Bool, anchor: String, svgHtml: String) {
        self.scorer = scorer; self.name = name; self.instruction = instruction; self.slotted = slotted
        self.anchor = anchor; self.svgHtml = svgHtml
    }
    func child(named key: String) -> Any? {
        switch key {
        case "scorer": return scorer
        case "name": return name
        case "instruction": return instruction
        case "slotted": return slotted
        case "anchor": return anchor
        case "svgHtml": return svgHtml
        default: return nil
        }
    }
}

/// The checks that concern one case, for its page's warning box.
final class CaseChecksModel: MustacheParent {
    let checks: [CaseCheckLine]
    /// The index's "Scorer checks" section, relative to the case page.
    let checksHref: String
    init(checks: [CaseCheckLine], checksHref: String) { self.checks = checks; self.checksHref = checksHref }
    func child(named name: String) -> Any? {
        switch name {
        case "hasChecks": return !checks.isEmpty
        case "checks": return checks
        case "checksHref": return checksHref
        default: return nil
        }
    }
}
