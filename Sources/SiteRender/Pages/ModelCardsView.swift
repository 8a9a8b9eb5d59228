import Mustache
import RerankCore

/// A scorer's card in the index's "Models" section (`model-cards.mustache`).
final class ModelCard: MustacheParent {
    /// One line of the card: a term and its value.
    final class Fact: MustacheParent {
        let term, value: String
        init(term: String, value: String) { self.term = term; self.value = value }
        func child(named name: String) -> Any? {
            switch name {
            case "term": return term
            case "value": return value
            default: return nil
            }
        }
    }

    let id, name, anchor: String
    let isBaseline: Bool
    let facts: [Fact]
    init(id: String, name: String, isBaseline: Bool, facts: [Fact]) {
        self.id = id; self.name = name; self.isBaseline = isBaseline; self.facts = facts
        anchor = "model-" + SitePaths.fileSafe(id)
    }
    func child(named key: String) -> Any? {
        switch key {
        case "id": return id
        case "name": return name
        case "isBaseline": return isBaseline
        case "facts": return facts
        case "anchor": return anchor
        default: return nil
        }
    }
}

/// The "Models" section of the index: each scorer named for people, with the facts its card holds.
/// Facts a scorer does not know are left out rather than shown empty.
enum ModelCardsView {
    static func items(_ site: SiteContext) -> [ModelCard] {
        site.scorers.map { id in
            guard let card = site.card(id) else { return ModelCard(id: id, name: id, isBaseline: id == site.baseline, facts: []) }
            return ModelCard(id: id, name: card.name, isBaseline: id == site.baseline, facts: facts(card))
        }
    }

    static func facts(_ card: ScorerCard) -> [ModelCard.Fact] {
        var out: [(String, String)] = [("Computed by", card.backend)]
        if let model = card.model { out.append(("Model", model)) }
        if let served = card.servedModel, served != card.model { out.append(("Server says it serves", served)) }
        if let a = card.architecture { out.append(("Architecture", a)) }
        if let p = card.parameters { out.append(("Parameters", "\(humanCount(p)) (\(groupedThousands(p)))")) }
        if let b = card.bytes { out.append(("Weights on disk", humanBytes(b))) }
        if let r = card.revision { out.append(("Revision", r)) }
        if let d = card.storedDType { out.append(("Stored as", d)) }
        if let p = card.precision { out.append(("Computed in", p)) }
        if let m = card.maxLength { out.append(("Max length", "\(groupedThousands(m)) tokens (longer inputs are cut)")) }
        if let t = card.tokenizer {
            out.append(("Tokenizer", t + (card.vocabulary.map { ", \(groupedThousands($0)) tokens in its vocabulary" } ?? "")))
        }
        if let s = card.scoring { out.append(("Score", s)) }
        if let p = card.promptVersion { out.append(("Prompt", p)) }
        if let host = card.endpointHost { out.append(("Server", host)) }
        if let file = card.sourceFile { out.append(("Scores file", file + " (its SHA-256 is under Data)")) }
        if let s = card.settings { out.append(("Settings", s)) }
        if let q = card.queryFormat { out.append(("Input", q)) }
        let instruction: String
        if let fixed = card.instruction {
            instruction = fixed
        } else {
            instruction = card.readsInstruction ? "each case's own (shown on the case page)" : "not part of its input"
        }
        out.append(("Instruction", instruction))
        if let day = card.scoredOn { out.append(("Scores computed", day + " (UTC; the newest cached score)")) }
        return out.map { ModelCard.Fact(term: $0.0, value: $0.1) }
    }
}

/// 595776512 → "596M", 4022468096 → "4.02B", 1234 → "1.2K".
func humanCount(_ n: Int) -> String {
    let x = Double(n)
    if x >= 1e9 { return fixed(x / 1e9, 2) + "B" }
    if x >= 1e6 { return fixed(x / 1e6, x >= 1e8 ? 0 : 1) + "M" }
    if x >= 1e3 { return fixed(x / 1e3, 1) + "K" }
    return String(n)
}

/// Bytes in decimal units: "1.19 GB", "4.8 MB", "912 bytes".
func humanBytes(_ n: Int) -> String {
    let x = Double(n)
    if x >= 1e9 { return fixed(x / 1e9, 2) + " GB" }
    if x >= 1e6 { return fixed(x / 1e6, 1) + " MB" }
    if x >= 1e3 { return fixed(x / 1e3, 1) + " kB" }
    return "\(n) bytes"
}

