import Encoders
import Foundation

/// One text's vector as an engine reports it for `POST /v1/embeddings`.
public struct EngineEmbedding: Hashable, Sendable {
    public var vector: [Float]
    /// Tokens the text ran as (before any cut, special tokens not counted).
    public var tokens: Int
    public init(vector: [Float], tokens: Int) { self.vector = vector; self.tokens = tokens }
}

/// An embedding model (`TextEmbedder`: all-MiniLM and other BERT sentence encoders, or
/// Qwen3-Embedding) as an engine: the rerank routes score by the cosine of the query's and each
/// document's vectors, exactly as the build's `kind: embedding` scorer does (the query carries the
/// instruction only for models trained with one), and `/v1/embeddings` returns the vectors of the
/// texts as written. Calls run one at a time on a thread of their own (see `BlockingEngine`); a
/// batch's distinct texts are embedded in one call of the model.
public final class EmbeddingEngine: RerankEngine, @unchecked Sendable {
    public let modelName: String
    private let embedder: TextEmbedder
    private let defaultInstruction: String
    private let worker = WorkerThread(name: "rerank-site embedding engine")

    /// `defaultInstruction` replaces a missing one (Qwen3-Embedding's web-search task; unused by
    /// models whose queries carry none).
    public init(embedder: TextEmbedder, modelName: String, defaultInstruction: String) {
        self.embedder = embedder; self.modelName = modelName; self.defaultInstruction = defaultInstruction
    }

    deinit { worker.stop() }

    public func score(instruction: String?, query: String, documents: [String]) async throws -> [EngineScore] {
        try await score(batch: [EngineRequest(instruction: instruction, query: query, documents: documents)])[0]
    }

    /// Every distinct query text and document of the batch embedded once, then cosines.
    public func score(batch: [EngineRequest]) async throws -> [[EngineScore]] {
        let embedder = self.embedder, fallback = defaultInstruction
        return try await run {
            let queries = batch.map { embedder.queryText(instruction: $0.instruction ?? fallback, query: $0.query) }
            var texts: [String] = [], index: [String: Int] = [:]
            for text in queries + batch.flatMap(\.documents) where index[text] == nil {
                index[text] = texts.count
                texts.append(text)
            }
            let vectors = try embedder.embed(texts)
            guard vectors.count == texts.count else { throw APIError.engine(message: "the model returned \(vectors.count) vectors for \(texts.count) texts") }
            return zip(batch, queries).map { request, queryText in
                let query = vectors[index[queryText] ?? 0]
                return request.documents.map { document in
                    let doc = vectors[index[document] ?? 0]
                    return EngineScore(score: cosineSimilarity(query.vector, doc.vector), tokens: query.tokens + doc.tokens,
                                       truncated: query.truncated || doc.truncated)
                }
            }
        }
    }

    public func embed(_ texts: [String]) async throws -> [EngineEmbedding] {
        let embedder = self.embedder
        return try await run { try embedder.embed(texts).map { EngineEmbedding(vector: $0.vector, tokens: $0.tokens) } }
    }

    public var makesEmbeddings: Bool { true }

    /// About three UTF-8 bytes per token, query and document embedded apart.
    public func estimateTokens(instruction: String?, query: String, document: String) -> Int {
        ((instruction ?? defaultInstruction).utf8.count + query.utf8.count + document.utf8.count) / 3 + 8
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = worker.submit {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            if !accepted { continuation.resume(throwing: APIError.engine(message: "the engine has stopped")) }
        }
    }
}

/// A BERT sequence-classification reranker (`BertCrossEncoder`) as an engine: one score per
/// (query, document), sigmoid of the classifier's logit; the instruction is not part of its input.
public enum CrossEncoderEngine {
    public static func make(_ model: BertCrossEncoder, modelName: String) -> BlockingEngine {
        BlockingEngine(modelName: modelName, defaultInstruction: "") { _, query, documents in
            model.score(query: query, documents: documents).map {
                EngineScore(score: $0.score, tokens: $0.tokens, logit: $0.logit, truncated: $0.truncated)
            }
        }
    }
}
