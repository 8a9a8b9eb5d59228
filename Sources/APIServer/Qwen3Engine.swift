import Qwen3

/// The native Qwen3 reranker as the API server's engine: the same `Qwen3Reranker.score` that
/// `rerank-site score` runs, on a thread of its own (see `BlockingEngine`). A request without
/// an instruction gets `Qwen3Reranker.defaultInstruction`.
public final class Qwen3Engine: RerankEngine {
    public let modelName: String
    private let engine: BlockingEngine
    private let maxLength: Int

    public init(reranker: Qwen3Reranker, modelName: String) {
        self.modelName = modelName
        maxLength = reranker.options.maxLength
        engine = BlockingEngine(modelName: modelName, defaultInstruction: Qwen3Reranker.defaultInstruction) { instruction, query, documents in
            try reranker.score(instruction: instruction, query: query, documents: documents)
                .map { EngineScore(score: $0.score, tokens: $0.tokens) }
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
