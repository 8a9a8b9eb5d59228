/// One query's worth of work for a scorer: every candidate shares the instruction and query,
/// which lets engines share the prompt prefix and lets BM25 see the case's whole collection.
public struct ScoreRequest: Hashable, Sendable {
    public var instruction: String
    public var query: String
    /// Documents in first-stage order.
    public var documents: [String]
    public init(instruction: String, query: String, documents: [String]) {
        self.instruction = instruction; self.query = query; self.documents = documents
    }
}

/// The score of one (instruction, query, document) pair plus the facts the site shows about it.
public struct PairScore: Hashable, Sendable, Codable {
    /// Higher is more relevant. Neural rerankers give a probability in [0, 1].
    public var score: Double
    /// logit_yes − logit_no for the Qwen3 reranker; nil for scorers without one.
    public var logit: Double?
    /// The pair's prompt length in tokens before any cut, when the scorer knows (a truncated pair
    /// ran on the scorer's max length of them).
    public var tokens: Int?
    /// True when the document was cut to fit the scorer's max length.
    public var truncated: Bool
    /// Wall time attributed to this pair, seconds.
    public var seconds: Double

    public init(score: Double, logit: Double? = nil, tokens: Int? = nil, truncated: Bool = false, seconds: Double = 0) {
        self.score = score; self.logit = logit; self.tokens = tokens; self.truncated = truncated; self.seconds = seconds
    }
}

/// Anything that scores (instruction, query, document) pairs: baselines, the native Qwen3 engine,
/// remote rerank servers. Implementations must be deterministic for the same inputs.
public protocol Scorer: Sendable {
    /// The name a configuration gives this scorer (`bm25`, `qwen3-0.6b`); unique in a build.
    var id: String { get }
    /// The kind of scorer (`original`, `bm25`, `qwen3-reranker`, `http`).
    var kind: String { get }
    /// Identity of everything besides the pair that changes a score (model weights, prompt version,
    /// max length, endpoint...). Part of every cache key, so a stale score is never reused.
    var fingerprint: String { get }
    /// True when a document's score depends on the other documents of the request (BM25's IDF,
    /// the input order). Such scorers are cached per whole request, not per pair.
    var dependsOnCollection: Bool { get }
    /// Whether the scorer reads the instruction; if false, instructions do not split its cache.
    var usesInstruction: Bool { get }
    /// The scorer described for people (model card); the default names only the kind.
    var card: ScorerCard { get }
    /// Scores every request; the result has one array per request, one score per document, in order.
    func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]]
}

extension Scorer {
    public var card: ScorerCard { basicCard }
}
