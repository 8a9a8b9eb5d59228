/// A metric that `metrics:` in rerank-site.yml can pick, written as there: `ndcg@10`, `map`, `mrr`,
/// `p@5`, `recall@20`, `hit@1`. Each but Hit@K is trec_eval's measure of the same name on the
/// exported run and qrels (relevance level 1: a candidate is relevant when its label is ≥ 1).
public enum MetricName: Hashable, Sendable {
    /// trec_eval `ndcg_cut_K`: linear gains, ideal from the judged labels.
    case ndcg(Int)
    /// trec_eval `map` (average precision over every relevant candidate of the case).
    case map
    /// trec_eval `recip_rank`.
    case mrr
    /// trec_eval `P_K`: relevant among the first K, divided by K.
    case precision(Int)
    /// trec_eval `recall_K`: relevant among the first K, divided by all relevant of the case.
    case recall(Int)
    /// The site's own: a candidate with the case's highest label is among the first K.
    case hit(Int)

    /// What the summary shows when `metrics:` is not given.
    public static let defaults: [MetricName] = [.hit(1), .hit(3), .mrr, .ndcg(10)]

    /// The spellings `metrics:` accepts, for messages.
    public static let spellings = "ndcg@K, map, mrr, p@K, recall@K, hit@K (K a whole number ≥ 1)"

    /// Parses `ndcg@10`, `map`, `mrr`, `p@5`, `recall@20`, `hit@1` (case-insensitive); nil otherwise.
    public init?(_ text: String) {
        let lower = text.lowercased()
        switch lower {
        case "map": self = .map; return
        case "mrr": self = .mrr; return
        default: break
        }
        let parts = lower.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[1]), k >= 1, k <= 100_000, String(k) == parts[1] else { return nil }
        switch parts[0] {
        case "ndcg": self = .ndcg(k)
        case "p": self = .precision(k)
        case "recall": self = .recall(k)
        case "hit": self = .hit(k)
        default: return nil
        }
    }

    /// The name as `metrics:` writes it; also its key in results.json and gates.
    public var name: String {
        switch self {
        case .ndcg(let k): return "ndcg@\(k)"
        case .map: return "map"
        case .mrr: return "mrr"
        case .precision(let k): return "p@\(k)"
        case .recall(let k): return "recall@\(k)"
        case .hit(let k): return "hit@\(k)"
        }
    }

    /// The name as pages show it (`NDCG@10`, `MAP`, `P@5`).
    public var title: String {
        switch self {
        case .ndcg(let k): return "NDCG@\(k)"
        case .map: return "MAP"
        case .mrr: return "MRR"
        case .precision(let k): return "P@\(k)"
        case .recall(let k): return "Recall@\(k)"
        case .hit(let k): return "Hit@\(k)"
        }
    }

    /// trec_eval's name for the same measure; nil for Hit@K, which trec_eval does not have.
    public var trecEvalMeasure: String? {
        switch self {
        case .ndcg(let k): return "ndcg_cut_\(k)"
        case .map: return "map"
        case .mrr: return "recip_rank"
        case .precision(let k): return "P_\(k)"
        case .recall(let k): return "recall_\(k)"
        case .hit: return nil
        }
    }

    /// True for a 0-or-1 metric whose mean reads best as a percentage.
    public var isShare: Bool { if case .hit = self { return true } else { return false } }

    /// One sentence saying what the metric measures.
    public var explanation: String {
        switch self {
        case .ndcg(let k): return "linear gains over the first \(k), divided by the best possible (trec_eval ndcg_cut_\(k))"
        case .map: return "mean over the relevant candidates of the precision at each one's rank (trec_eval map)"
        case .mrr: return "1 / rank of the first relevant candidate (trec_eval recip_rank)"
        case .precision(let k): return "relevant candidates among the first \(k), divided by \(k) (trec_eval P_\(k))"
        case .recall(let k): return "relevant candidates among the first \(k), divided by all relevant ones (trec_eval recall_\(k))"
        case .hit(let k): return k == 1 ? "the top result has the case's highest label"
            : "a candidate with the case's highest label is in the top \(k)"
        }
    }
}

extension MetricName: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let m = MetricName(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown metric '\(text)'"))
        }
        self = m
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
