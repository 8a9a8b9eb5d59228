/// Which query a ranking answers: the case's original query, one of its rewrites alone, or the
/// query and all its rewrites fused into one score per candidate.
///
/// Written to results.json and results.csv by its `name` (`query`, `rewrite-2`, `fused-max`), the
/// strings the project has always exported.
public enum RankingVariant: Hashable, Sendable, Comparable {
    case query
    /// The n-th rewrite (1-based) scored alone.
    case rewrite(Int)
    /// The query and every rewrite, fused by the method.
    case fused(FusionMethod)

    /// The exported name: `query`, `rewrite-N`, `fused-METHOD`.
    public var name: String {
        switch self {
        case .query: return "query"
        case .rewrite(let n): return "rewrite-\(n)"
        case .fused(let method): return "fused-\(method.rawValue)"
        }
    }

    /// The variant with this exported name; nil for any other string.
    public init?(name: String) {
        if name == "query" { self = .query; return }
        if name.hasPrefix("rewrite-"), let n = Int(name.dropFirst("rewrite-".count)), n >= 1 { self = .rewrite(n); return }
        if name.hasPrefix("fused-"), let m = FusionMethod(rawValue: String(name.dropFirst("fused-".count))) {
            self = .fused(m); return
        }
        return nil
    }

    /// Words for people: "original query", "rewrite 2", "query + rewrites, fused by max".
    public var title: String {
        switch self {
        case .query: return "original query"
        case .rewrite(let n): return "rewrite \(n)"
        case .fused(let method): return "query + rewrites, fused by \(method.rawValue)"
        }
    }

    /// Display order: the original query, the rewrites in order, then the fused ranking.
    public static func < (a: RankingVariant, b: RankingVariant) -> Bool {
        func key(_ v: RankingVariant) -> (Int, Int) {
            switch v {
            case .query: return (0, 0)
            case .rewrite(let n): return (1, n)
            case .fused(let m): return (2, FusionMethod.allCases.firstIndex(of: m) ?? 0)
            }
        }
        return key(a) < key(b)
    }
}

extension RankingVariant: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let variant = RankingVariant(name: name) else {
            throw DecodingError.dataCorruptedError(in: container,
                debugDescription: "unknown ranking variant '\(name)'; expected query, rewrite-N or fused-max/mean/rrf")
        }
        self = variant
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
