import Encoders
import Foundation
import Kernels
import RerankCore

/// `kind: embedding`: score = cosine of the query's and the candidate's embeddings, from a native
/// embedding model. The model loads on the first pair that misses the cache.
///
/// Each distinct text is embedded once per call (the pipeline sends all of a build's missing pairs
/// in one call), and candidate vectors are also kept for the scorer's lifetime, so a candidate
/// shared by several queries, rewrites or instructions is embedded once per build. Across builds
/// the pair cache holds the cosines. A separate vector table in the cache was not added: it would
/// only save re-embedding an old candidate for a new query, costs a schema migration and ~1.5 KB
/// per candidate, while the pair cache already makes an unchanged build do no model work.
final class EmbeddingScorer: Scorer, @unchecked Sendable {
    let id: String
    let kind = "embedding"
    let fingerprint: String
    let dependsOnCollection = false
    let usesInstruction: Bool
    private let folder: URL
    private let maxLength: Int?
    private let precision: PrecisionSetting
    /// OpenBLAS threads set when the model loads (as the qwen3-reranker scorer does); nil leaves them.
    private let threads: Int?
    private let identity: ModelFingerprint
    private let onLoad: (@Sendable (String) -> Void)?
    private let lock = NSLock()
    private var model: TextEmbedder?
    private var documentVectors: [String: Embedding] = [:]

    /// The model's name and revision, and what the model kind says it is: the card's facts.
    private let named: ModelDescription
    private let description: EncoderDescription

    init(id: String, folder: URL, identity: ModelFingerprint, maxLength: Int?, precision: PrecisionSetting = .fp32,
         threads: Int? = nil, model: ModelDescription, description: EncoderDescription, onLoad: (@Sendable (String) -> Void)? = nil) {
        self.id = id; self.folder = folder; self.identity = identity; self.maxLength = maxLength; self.onLoad = onLoad
        self.named = model; self.description = description
        self.precision = precision; self.threads = threads
        usesInstruction = description.usesInstruction
        fingerprint = "embedding|model=\(identity.value)|\(description.settingsIdentity)"
    }

    var card: ScorerCard { encoderCard(id: id, kind: kind, model: named, description: description) }

    private func loadedModel() throws -> TextEmbedder {
        if let model { return model }
        let start = Date()
        if let threads { setBLASThreads(threads) }
        let m = try EmbedderLoader.load(folder: folder, maxLength: maxLength, precision: precision)
        onLoad?("\(id): loaded \(folder.path) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        model = m
        return m
    }

    func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        try lock.withLock { try scoreLocked(requests) }
    }

    private func scoreLocked(_ requests: [ScoreRequest]) throws -> [[PairScore]] {
        let model: TextEmbedder
        do { model = try loadedModel() } catch {
            throw BuildError(.scorerFailed, step: "model \(id)", "\(error)")
        }
        let start = Date()
        // Every distinct query text and every candidate not embedded yet, in one batch.
        let queryTexts = requests.map { model.queryText(instruction: $0.instruction, query: $0.query) }
        var pending: [String] = []
        var seen = Set<String>()
        for text in requests.flatMap(\.documents) where documentVectors[text] == nil && seen.insert(text).inserted {
            pending.append(text)
        }
        var queries: [String: Embedding] = [:]
        let distinctQueries = queryTexts.filter { seen.insert("\u{0}q" + $0).inserted }
        let vectors = try model.embed(pending + distinctQueries)
        for (text, vector) in zip(pending, vectors) { documentVectors[text] = vector }
        for (text, vector) in zip(distinctQueries, vectors.dropFirst(pending.count)) { queries[text] = vector }
        let pairs = max(1, requests.reduce(0) { $0 + $1.documents.count })
        let each = Date().timeIntervalSince(start) / Double(pairs)
        let out = try requests.enumerated().map { r, request -> [PairScore] in
            guard let query = queries[queryTexts[r]] else { throw BuildError(.scorerFailed, step: "score \(id)", "a query was not embedded") }
            return try request.documents.map { document in
                guard let doc = documentVectors[document] else {
                    throw BuildError(.scorerFailed, step: "score \(id)", "a candidate was not embedded")
                }
                return PairScore(score: cosineSimilarity(query.vector, doc.vector), tokens: doc.tokens,
                                 truncated: doc.truncated || query.truncated, seconds: each)
            }
        }
        try identity.checkUnchanged(scorer: id)
        return out
    }
}
