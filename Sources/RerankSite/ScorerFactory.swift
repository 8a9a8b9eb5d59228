import Checksum
import Foundation
import Hub
import Qwen3
import Remote
import RerankCore

/// A scorer made from configuration, with the instruction that replaces the cases' own, if any.
struct ConfiguredScorer {
    var scorer: Scorer
    var instructionOverride: String?
}

/// Turns scorer configurations into scorers. Model folders are resolved (and pulled when missing) here.
enum ScorerFactory {
    static let kinds = ["original", "bm25", "qwen3-reranker", "http"]

    static func make(_ config: ScorerConfig, root: URL, environment: [String: String], log: BuildLog,
                     digests: FileDigests = FileDigests()) async throws -> ConfiguredScorer {
        var options = config.options
        func take(_ key: String) -> ConfigValue? { options.removeValue(forKey: key) }
        func problem(_ value: ConfigValue?, _ key: String, _ message: String) -> BuildError {
            BuildError(.badInput, step: "config", "\(value?.location ?? config.location): scorers.\(key): \(message)")
        }
        func int(_ key: String, min: Int = 1) throws -> Int? {
            guard let v = take(key) else { return nil }
            guard let n = Int(v.text), n >= min else { throw problem(v, key, "expected an integer ≥ \(min), got '\(v.text)'") }
            return n
        }
        func double(_ key: String) throws -> Double? {
            guard let v = take(key) else { return nil }
            guard let d = Double(v.text), d.isFinite else { throw problem(v, key, "expected a number, got '\(v.text)'") }
            return d
        }
        let instruction = take("instruction")?.text
        let scorer: Scorer
        switch config.kind {
        case "original":
            scorer = OriginalOrderScorer(id: config.id)
        case "bm25":
            scorer = BM25Scorer(id: config.id, k1: try double("k1") ?? 1.2, b: try double("b") ?? 0.75)
        case "qwen3-reranker":
            guard let model = take("model") else { throw problem(nil, "model", "a qwen3-reranker scorer needs `model:` (a folder, a hub id or an alias)") }
            let maxLength = try int("max_length", min: 16) ?? 8192
            let threads = try int("threads")
            // A folder relative to the project wins over a hub id of the same spelling.
            let local = model.text.hasPrefix("/") ? URL(fileURLWithPath: model.text) : root.appendingPathComponent(model.text)
            var isFolder: ObjCBool = false
            let name = FileManager.default.fileExists(atPath: local.path, isDirectory: &isFolder) && isFolder.boolValue
                ? local.standardizedFileURL.path : model.text
            let resolved: ResolvedModel
            do {
                resolved = try await ModelResolver.resolve(name, allowDownload: true, environment: environment,
                                                           progress: { log.progress(ModelListing.progressLine($0, bytesPerSecond: nil)) })
            } catch {
                throw BuildError(.scorerFailed, step: "model \(config.id)", "\(model.location): \(error)")
            }
            let identity = try modelIdentity(folder: resolved.folder, digests: digests)
            scorer = Qwen3Scorer(id: config.id, folder: resolved.folder, identity: identity,
                                 options: RerankerOptions(maxLength: maxLength, threads: threads),
                                 onLoad: { log.info($0) })
        case "http":
            guard let endpoint = take("endpoint") else { throw problem(nil, "endpoint", "an http scorer needs `endpoint:`") }
            var http = HTTPScorerConfig(endpoint: endpoint.text, model: take("model")?.text ?? "")
            if let f = take("flavour") ?? take("flavor") { http.flavour = f.text }
            if let n = try int("documents_per_request") { http.documentsPerRequest = n }
            if let n = try int("in_flight") { http.maxInFlight = n }
            if let t = try double("timeout") { http.timeoutSeconds = t }
            if let n = try int("retries", min: 0) { http.retries = n }
            http.apiKeyEnv = take("api_key_env")?.text
            do { scorer = try HTTPScorer(id: config.id, config: http, environment: environment) } catch {
                throw BuildError(.badInput, step: "config", "\(config.location): scorers: \(error)")
            }
        default:
            throw BuildError(.badInput, step: "config",
                             "\(config.location): scorers.kind: unknown scorer kind '\(config.kind)' (known: \(kinds.joined(separator: ", ")))")
        }
        if let (key, value) = options.min(by: { $0.key < $1.key }) {
            throw problem(value, key, "unknown option '\(key)' for a \(config.kind) scorer")
        }
        // `instruction:` replaces the cases' instructions for this scorer (the pipeline sends it as the
        // request's instruction, so remote servers receive it too).
        return ConfiguredScorer(scorer: scorer, instructionOverride: instruction)
    }
}
