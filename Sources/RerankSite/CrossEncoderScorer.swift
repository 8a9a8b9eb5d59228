import Encoders
import Foundation
import Kernels
import RerankCore

/// `kind: cross-encoder`: a BERT sequence-classification reranker scoring each (query, candidate)
/// pair, sigmoid of its logit. The model loads on the first pair that misses the cache; the
/// instruction is not read (these models have none).
final class CrossEncoderScorer: Scorer, @unchecked Sendable {
    let id: String
    let kind = "cross-encoder"
    let fingerprint: String
    let dependsOnCollection = false
    let usesInstruction = false
    private let folder: URL
    private let maxLength: Int?
    /// OpenBLAS threads set when the model loads (as the qwen3-reranker scorer does); nil leaves them.
    private let threads: Int?
    private let identity: ModelFingerprint
    private let onLoad: (@Sendable (String) -> Void)?
    private let lock = NSLock()
    private var model: BertCrossEncoder?

    private let named: ModelDescription
    private let description: EncoderDescription

    init(id: String, folder: URL, identity: ModelFingerprint, maxLength: Int?, threads: Int? = nil, model: ModelDescription,
         description: EncoderDescription, onLoad: (@Sendable (String) -> Void)? = nil) {
        self.id = id; self.folder = folder; self.identity = identity; self.maxLength = maxLength; self.threads = threads
        self.onLoad = onLoad
        self.named = model; self.description = description
        fingerprint = "cross-encoder|model=\(identity.value)|\(description.settingsIdentity)|v1"
    }

    var card: ScorerCard { encoderCard(id: id, kind: kind, model: named, description: description) }

    func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        try lock.withLock { try scoreLocked(requests) }
    }

    private func scoreLocked(_ requests: [ScoreRequest]) throws -> [[PairScore]] {
        let model: BertCrossEncoder
        if let loaded = self.model { model = loaded } else {
            let start = Date()
            if let threads { setBLASThreads(threads) }
            do { model = try BertCrossEncoder(folder: folder, maxLength: maxLength) } catch {
                throw BuildError(.scorerFailed, step: "model \(id)", "\(error)")
            }
            onLoad?("\(id): loaded \(folder.path) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
            self.model = model
        }
        let out = requests.map { request -> [PairScore] in
            let start = Date()
            let scores = model.score(query: request.query, documents: request.documents)
            let each = Date().timeIntervalSince(start) / Double(max(1, scores.count))
            return scores.map { PairScore(score: $0.score, logit: $0.logit, tokens: $0.tokens, truncated: $0.truncated, seconds: each) }
        }
        try identity.checkUnchanged(scorer: id)
        return out
    }
}
