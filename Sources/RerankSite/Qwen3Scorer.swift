import Foundation
import Checksum
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
                PairScore(score: $0.score, logit: $0.logit, tokens: $0.tokens, truncated: $0.truncated, seconds: each)
            })
        }
        return out
    }
}

/// A model's identity for cache fingerprints without loading it: the hub revision when known, else
/// SHA-256 over config.json and each safetensors file's size and header (which names every tensor,
/// dtype, shape and offset). Re-exporting the same weights keeps it; changing any tensor layout changes it.
func modelIdentity(folder: URL, revision: String?) throws -> String {
    if let revision, !revision.isEmpty { return "rev:" + revision }
    let fm = FileManager.default
    var hasher = SHA256()
    let config = folder.appendingPathComponent("config.json")
    guard let configData = fm.contents(atPath: config.path) else {
        throw BuildError(.badInput, step: "model", "\(config.path): missing config.json")
    }
    configData.withUnsafeBytes { hasher.update($0) }
    let files = (try fm.contentsOfDirectory(atPath: folder.path)).filter { $0.hasSuffix(".safetensors") }.sorted()
    guard !files.isEmpty else { throw BuildError(.badInput, step: "model", "\(folder.path): no .safetensors files") }
    for name in files {
        let url = folder.appendingPathComponent(name)
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw BuildError(.badInput, step: "model", "\(url.path): cannot open")
        }
        defer { try? handle.close() }
        let size = (try? fm.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        hasher.update("\(name)|\(size)|")
        let lengthBytes = handle.readData(ofLength: 8)
        guard lengthBytes.count == 8 else { throw BuildError(.badInput, step: "model", "\(url.path): truncated safetensors header") }
        let headerLength = lengthBytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
        guard headerLength < 100_000_000, Int(headerLength) + 8 <= size else {
            throw BuildError(.badInput, step: "model", "\(url.path): bad safetensors header length \(headerLength)")
        }
        handle.readData(ofLength: Int(headerLength)).withUnsafeBytes { hasher.update($0) }
    }
    return "sha256:" + String(hasher.hexDigest().prefix(32))
}
