import Qwen3

/// The native Qwen3 reranker as a `RerankEngine`: serve-api's engine and the build's
/// `qwen3-reranker` scorer. A batch goes whole to `Qwen3Reranker.score(batch:)`, which packs small
/// requests into shared passes, on the engine's own thread (see `BlockingEngine`). A request
/// without an instruction gets `Qwen3Reranker.defaultInstruction`.
public final class Qwen3Engine: RerankEngine {
    public let modelName: String
    private let engine: BlockingEngine
    private let maxLength: Int

    public init(reranker: Qwen3Reranker, modelName: String) {
        self.modelName = modelName
        maxLength = reranker.options.maxLength
        engine = BlockingEngine(modelName: modelName, defaultInstruction: Qwen3Reranker.defaultInstruction) { batch in
            let requests = batch.map {
                RerankRequest(instruction: $0.instruction ?? Qwen3Reranker.defaultInstruction, query: $0.query, documents: $0.documents)
            }
            return try reranker.score(batch: requests).map { scores in
                scores.map { EngineScore(score: $0.score, tokens: $0.tokens, logit: $0.logit, truncated: $0.truncated, fullTokens: $0.fullTokens) }
            }
        }
    }

    public func score(instruction: String?, query: String, documents: [String]) async throws -> [EngineScore] {
        try await engine.score(instruction: instruction, query: query, documents: documents)
    }

    public func score(batch: [EngineRequest]) async throws -> [[EngineScore]] {
        try await engine.score(batch: batch)
    }

    /// Without tokenizing: about three UTF-8 bytes per token (CJK is one token per character)
    /// plus the template, and never more than the prompt limit.
    public func estimateTokens(instruction: String?, query: String, document: String) -> Int {
        let bytes = (instruction ?? Qwen3Reranker.defaultInstruction).utf8.count + query.utf8.count + document.utf8.count
        return min(maxLength, bytes / 3 + 60)
    }
}
