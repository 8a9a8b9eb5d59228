import RerankCore

/// Maps relevance labels to five colour levels (CSS classes `l0`…`l4`, `lu` for unlabelled), so a
/// 0–3 and a 0–5 labelling scheme both use the whole palette. The classes are styled in style.css,
/// which keeps light and dark mode in one place.
struct LabelScale {
    /// The highest label anywhere in the site (at least 1).
    let maxLabel: Int

    init(cases: [CaseResult]) {
        var m = 1
        for c in cases { for candidate in c.file.candidates { if let l = candidate.label, l > m { m = l } } }
        maxLabel = m
    }

    init(maxLabel: Int) { self.maxLabel = max(1, maxLabel) }

    func level(_ label: Int?) -> Int? {
        guard let label else { return nil }
        if label <= 0 { return 0 }
        let scaled = (Double(label) * 4 / Double(maxLabel)).rounded()
        return min(4, max(1, Int(scaled)))
    }

    /// `l0`…`l4`, or `lu` when the candidate has no label.
    func className(_ label: Int?) -> String {
        guard let level = level(label) else { return "lu" }
        return "l\(level)"
    }

    /// Levels in use, lowest first, with a legend text per level (`rel 0`, `rel 1–2` ...).
    func legend(labels: [Int?]) -> [(className: String, text: String)] {
        var byLevel: [Int: [Int]] = [:]
        var hasUnlabelled = false
        for label in labels {
            guard let label, let level = level(label) else { hasUnlabelled = true; continue }
            byLevel[level, default: []].append(label)
        }
        var out: [(String, String)] = []
        for level in byLevel.keys.sorted() {
            let values = Set(byLevel[level] ?? []).sorted()
            guard let lo = values.first, let hi = values.last else { continue }
            out.append(("l\(level)", lo == hi ? "rel \(lo)" : "rel \(lo)–\(hi)"))
        }
        if hasUnlabelled { out.append(("lu", "no label")) }
        return out
    }
}
