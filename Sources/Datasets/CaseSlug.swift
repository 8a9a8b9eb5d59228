/// File names for imported cases: deterministic slugs with a collision rule.
///
/// A slug keeps letters and digits (any script, lower-cased); every other run of characters
/// becomes one `-`; at most 60 characters. The first case to claim a slug gets it; later ones get
/// `-2`, `-3`, … in input order. `readme` is never used (README.md is not read as a case).
public enum CaseSlug {
    static let maximumLength = 60

    public static func make(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(scalar)
                if out.unicodeScalars.count >= maximumLength { break }
            } else {
                pendingDash = true
            }
        }
        return out
    }

    /// One file stem per case, unique within each section (compared lower-cased, as the build's
    /// page addresses are).
    static func assign(_ cases: [ImportedCase]) -> [String] {
        var taken = Set<String>()
        return cases.map { item in
            let folder = item.section.joined(separator: "/")
            var base = make(item.key ?? "")
            if base.isEmpty { base = make(item.title ?? "") }
            if base.isEmpty { base = make(item.query) }
            if base.isEmpty { base = "case" }
            var stem = base
            var number = 1
            while stem == "readme" || taken.contains(folder + "/" + stem) {
                number += 1
                stem = "\(base)-\(number)"
            }
            taken.insert(folder + "/" + stem)
            return stem
        }
    }
}
