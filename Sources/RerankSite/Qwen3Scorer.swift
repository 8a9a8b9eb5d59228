import Foundation
import Qwen3
import RerankCore

/// The native Qwen3-Reranker behind the `Scorer` interface. The weights load on the first pair that
/// misses the cache, so a fully cached build never reads them.
final class Qwen3Scorer: Scorer, @unchecked Sendable {
    let id: String
    let kind = "qwen3-reranker"
    let fingerprint: String
    let dependsOnCollection = false
    let usesInstruction = true
    private let folder: URL
    private let options: RerankerOptions
    private let lock = NSLock()
    private var engine: Qwen3Reranker?
    private let onLoad: (@Sendable (String) -> Void)?

    init(id: String, folder: URL, identity: String, options: RerankerOptions, onLoad: (@Sendable (String) -> Void)? = nil) {
        self.id = id; self.folder = folder; self.options = options; self.onLoad = onLoad
        self.fingerprint = "qwen3-reranker|model=\(identity)|prompt=\(Qwen3Reranker.promptVersion)|max_length=\(options.maxLength)"
    }

    private func loadedEngine() throws -> Qwen3Reranker {
        lock.lock(); defer { lock.unlock() }
        if let engine { return engine }
        let start = Date()
        let e = try Qwen3Reranker(folder: folder, options: options)
        onLoad?("\(id): loaded \(folder.path) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        engine = e
        return e
    }

    func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        let engine = try loadedEngine()
        var out: [[PairScore]] = []
        out.reserveCapacity(requests.count)
        for request in requests {
            let start = Date()
            let results = try engine.score(instruction: request.instruction, query: request.query, documents: request.documents)
            let each = Date().timeIntervalSince(start) / Double(max(1, results.count))
            out.append(results.map {
                PairScore(score: $0.score, logit: $0.logit, tokens: $0.fullTokens, truncated: $0.truncated, seconds: each)
            })
        }
        return out
    }
}

/// A model's identity for cache fingerprints without loading it: the hub revision when known, else
/// the engine's folder identity (config.json and every safetensors header).
func modelIdentity(folder: URL, revision: String?) throws -> String {
    if let revision, !revision.isEmpty { return "rev:" + revision }
    do { return "sha256:" + String(try Qwen3Reranker.folderIdentity(folder).prefix(32)) } catch {
        throw BuildError(.badInput, step: "model", "\(error)")
    }
}
