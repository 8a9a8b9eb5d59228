/// The score of one document as an engine reports it.
public struct EngineScore: Hashable, Sendable {
    /// Relevance in [0, 1] for Qwen3-Reranker: sigmoid(logit_yes − logit_no).
    public var score: Double
    /// Prompt tokens the pair consumed.
    public var tokens: Int
    /// logit_yes − logit_no, for engines that have one (the build caches it beside the score).
    public var logit: Double?
    /// True when the prompt was cut to the engine's max length.
    public var truncated: Bool
    /// The prompt's tokens before any cut (`tokens` when nothing was cut).
    public var fullTokens: Int
    public init(score: Double, tokens: Int, logit: Double? = nil, truncated: Bool = false, fullTokens: Int? = nil) {
        self.score = score; self.tokens = tokens; self.logit = logit; self.truncated = truncated
        self.fullTokens = fullTokens ?? tokens
    }
}

/// One query with its documents, as the batcher hands it to an engine.
public struct EngineRequest: Hashable, Sendable {
    /// nil: the engine's default instruction.
    public var instruction: String?
    public var query: String
    public var documents: [String]
    public init(instruction: String?, query: String, documents: [String]) {
        self.instruction = instruction; self.query = query; self.documents = documents
    }
}

/// What the API server needs from a reranker. The server never assumes a model: tests run it
/// over a deterministic fake, the command over the native Qwen3 engine.
///
/// Implementations must be deterministic. The batcher passes each HTTP request as its own
/// `EngineRequest`; an engine that packs a batch into shared forward passes (the native Qwen3
/// engine does) must keep every request's scores equal to scoring it alone, to float32 rounding.
/// CPU-heavy engines must not block the caller's thread for long: run the work on threads of
/// their own and resume the caller when done.
public protocol RerankEngine: Sendable {
    /// The name `/v1/models` lists and responses carry.
    var modelName: String { get }
    /// One score per document, in order; nil instruction means the engine's default.
    func score(instruction: String?, query: String, documents: [String]) async throws -> [EngineScore]
    /// One array per request. The default scores the requests one after another; an engine
    /// that can pack several queries into one forward pass overrides it.
    func score(batch: [EngineRequest]) async throws -> [[EngineScore]]
    /// A cheap estimate of one pair's prompt tokens, used only to size batches.
    func estimateTokens(instruction: String?, query: String, document: String) -> Int
    /// True for embedding models: `POST /v1/embeddings` is served.
    var makesEmbeddings: Bool { get }
    /// The texts' vectors, as written (`POST /v1/embeddings`). Rerankers do not make any.
    func embed(_ texts: [String]) async throws -> [EngineEmbedding]
}

extension RerankEngine {
    public var makesEmbeddings: Bool { false }

    public func embed(_ texts: [String]) async throws -> [EngineEmbedding] {
        throw APIError.invalidField(field: "model", message: "'\(modelName)' is a reranker; /v1/embeddings needs an embedding model")
    }

    public func score(batch: [EngineRequest]) async throws -> [[EngineScore]] {
        var results: [[EngineScore]] = []
        results.reserveCapacity(batch.count)
        for request in batch {
            results.append(try await score(instruction: request.instruction, query: request.query, documents: request.documents))
        }
        return results
    }

    /// About four bytes of UTF-8 per token plus the prompt template's fixed cost.
    public func estimateTokens(instruction: String?, query: String, document: String) -> Int {
        let bytes = (instruction?.utf8.count ?? 80) + query.utf8.count + document.utf8.count
        return bytes / 4 + 40
    }
}
