/// A ranking of a case named by its author: a scorer, an instruction (1-based position in the
/// case's instructions) and a variant. Written `SCORER[/VARIANT][@N]`: `bm25`, `qwen3-8b/fused`,
/// `qwen3-8b/rewrite-2@2` (VARIANT is `query`, `rewrite-N` or `fused`; N defaults to 1).
public struct RankingColumn: Hashable, Sendable, Codable {
    public var scorer: String
    public var instruction: Int
    public var variant: VariantName

    /// A variant as an author names it: `fused` means whichever fusion the site uses.
    public enum VariantName: Hashable, Sendable, Codable {
        case query, rewrite(Int), fused
    }

    public init(scorer: String, instruction: Int = 1, variant: VariantName = .query) {
        self.scorer = scorer; self.instruction = instruction; self.variant = variant
    }

    /// The column written as `spec`, or a sentence saying what is wrong with it.
    public static func parse(_ spec: String) -> Result<RankingColumn, ColumnSpecError> {
        var rest = Substring(spec)
        var instruction = 1
        if let at = rest.lastIndex(of: "@") {
            guard let n = Int(rest[rest.index(after: at)...]), n >= 1 else {
                return .failure(ColumnSpecError(message: "'\(spec)': after '@' comes the instruction's number (1, 2, …)"))
            }
            instruction = n
            rest = rest[..<at]
        }
        var variant = VariantName.query
        if let slash = rest.lastIndex(of: "/") {
            let name = rest[rest.index(after: slash)...]
            if name == "query" {
                variant = .query
            } else if name == "fused" {
                variant = .fused
            } else if name.hasPrefix("rewrite-"), let n = Int(name.dropFirst("rewrite-".count)), n >= 1 {
                variant = .rewrite(n)
            } else {
                return .failure(ColumnSpecError(message: "'\(spec)': the part after '/' must be query, rewrite-N or fused"))
            }
            rest = rest[..<slash]
        }
        guard !rest.isEmpty else { return .failure(ColumnSpecError(message: "'\(spec)' names no scorer")) }
        return .success(RankingColumn(scorer: String(rest), instruction: instruction, variant: variant))
    }

    /// Whether a ranking of the site (its fusion method given by the ranking itself) is this variant.
    public func matches(_ variant: RankingVariant) -> Bool {
        switch (self.variant, variant) {
        case (.query, .query), (.fused, .fused): return true
        case (.rewrite(let a), .rewrite(let b)): return a == b
        default: return false
        }
    }

    /// The spec again, as the author would write it.
    public var spec: String {
        let v: String
        switch variant {
        case .query: v = ""
        case .rewrite(let n): v = "/rewrite-\(n)"
        case .fused: v = "/fused"
        }
        return scorer + v + (instruction == 1 ? "" : "@\(instruction)")
    }
}

/// Why a column spec cannot be read.
public struct ColumnSpecError: Error, Hashable, Sendable {
    public var message: String
}
