/// The rule for a candidate's stable id (`{id=doc-17}`): 1 to 200 letters, digits and `- _ . : /`,
/// so it fits a TREC run or qrels line, a CSV cell and a URL path unchanged.
public enum CandidateID {
    public static let maximumLength = 200
    public static let allowed = "letters, digits and - _ . : /"

    /// What is wrong with `id`, in words, or nil when it is a valid id.
    public static func problem(_ id: String) -> String? {
        if id.isEmpty { return "the id is empty" }
        if id.unicodeScalars.count > maximumLength {
            return "the id is \(id.unicodeScalars.count) characters long; at most \(maximumLength) are allowed"
        }
        if let bad = id.unicodeScalars.first(where: { !isAllowed($0) }) {
            return "the id '\(id)' contains \(describe(bad)), which is not allowed: an id is \(allowed)"
        }
        return nil
    }

    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                || "-_.:/".unicodeScalars.contains(scalar)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": return "a space"
        case "\t": return "a tab"
        default:
            return scalar.properties.generalCategory == .control
                ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : "'\(scalar)'"
        }
    }
}
