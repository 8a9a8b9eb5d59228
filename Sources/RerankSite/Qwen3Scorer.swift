import APIServer
import Foundation
import Kernels
import Qwen3
import RerankCore

/// The native Qwen3-Reranker behind the `Scorer` interface, through the same engine adapter as
/// `serve-api` (`Qwen3Engine`: the engine on a thread of its own, a call's requests scored together
/// in shared passes). The weights load on the first pair that misses the cache, so a fully cached
/// build never reads them.
final class Qwen3Scorer: Scorer, @unchecked Sendable {
    let id: String
    let kind = "qwen3-reranker"
    let fingerprint: String
    let dependsOnCollection = false
    let usesInstruction = true
    private let folder: URL
    private let options: RerankerOptions
    private let lock = NSLock()
    private var engine: Qwen3Engine?
    private let onLoad: (@Sendable (String) -> Void)?
    private let identity: ModelFingerprint
    private let model: ModelDescription
    /// The precision the engine runs in on this CPU (the options' setting resolved at run time, so
    /// known before the weights load) and its kernels: what a model card shows.
    let arithmetic: ArithmeticDescription

    init(id: String, folder: URL, identity: ModelFingerprint, options: RerankerOptions, model: ModelDescription? = nil,
         onLoad: (@Sendable (String) -> Void)? = nil) {
        self.id = id; self.folder = folder; self.options = options; self.onLoad = onLoad; self.identity = identity
        self.model = model ?? ModelDescription(name: folder.lastPathComponent, revision: nil, facts: nil)
        arithmetic = ArithmeticDescription(resolving: options.precision)
        // The resolved precision is part of what made a score: bf16 scores never pass for fp32 ones
        // (fp32 keeps the fingerprint it had before precisions existed, so its cache stays valid; the
        // fused attention kernel computes the same fp32 values up to summation order). bf16's part names
        // its attention (`AttentionKernels.bf16Version`): scores of an earlier bf16 attention are not reused.
        let precision = arithmetic.resolved == .fp32 ? ""
            : "|precision=\(arithmetic.precision)|attention=\(AttentionKernels.bf16Version)"
        self.fingerprint = "qwen3-reranker|model=\(identity.value)|prompt=\(Qwen3Reranker.promptVersion)|max_length=\(options.maxLength)"
            + precision
    }

    var card: ScorerCard {
        var card = ScorerCard(id: id, kind: kind, name: model.name, backend: "native engine (Swift, CPU)", model: model.name,
                              parameters: model.facts?.parameters, bytes: model.facts?.bytes, revision: model.revision,
                              storedDType: model.facts?.dtypes.joined(separator: ", "),
                              // The linear layers' products as resolved on this CPU (fp32 or bf16), whatever the stored type.
                              precision: arithmetic.precision,
                              maxLength: options.maxLength, promptVersion: Qwen3Reranker.promptVersion, readsInstruction: true)
        card.scoring = "sigmoid(logit of “yes” − logit of “no”) at the answer's first token"
        card.queryFormat = "the official prompt: a fixed system text, then <Instruct>: instruction, <Query>: query, "
            + "<Document>: candidate (the candidate is cut from its end to fit)"
        return card
    }

    private func loadedEngine() throws -> Qwen3Engine {
        lock.lock(); defer { lock.unlock() }
        if let engine { return engine }
        let start = Date()
        let reranker = try Qwen3Reranker(folder: folder, options: options)
        onLoad?("\(id): loaded \(folder.path) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        let e = Qwen3Engine(reranker: reranker, modelName: id)
        engine = e
        return e
    }

    /// All requests in one engine call. The call's time is shared among the pairs by their prompt
    /// tokens (packed requests run in the same passes, so no pair has a time of its own).
    func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        let engine = try loadedEngine()
        let start = Date()
        let results = try await engine.score(batch: requests.map {
            EngineRequest(instruction: $0.instruction, query: $0.query, documents: $0.documents)
        })
        let tokens = results.reduce(0) { $0 + $1.reduce(0) { $0 + $1.tokens } }
        let perToken = Date().timeIntervalSince(start) / Double(max(1, tokens))
        // The files must still be the ones the fingerprint was taken from, or these scores are not
        // the fingerprint's and must not be cached under it.
        try identity.checkUnchanged(scorer: id)
        return results.map { scores in
            scores.map {
                PairScore(score: $0.score, logit: $0.logit, tokens: $0.fullTokens, truncated: $0.truncated,
                          seconds: perToken * Double($0.tokens))
            }
        }
    }
}
