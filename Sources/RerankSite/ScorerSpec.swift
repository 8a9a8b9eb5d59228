import Foundation
import Kernels
import Remote

/// What a scorer entry of rerank-site.yml asks for, checked and typed, before any model is resolved
/// or any server contacted. Checking is pure, and reports every problem of every scorer at once.
enum ScorerSpec: Equatable {
    case original
    case bm25(k1: Double, b: Double)
    /// `model` keeps its location for messages about resolving it.
    case qwen3Reranker(model: ConfigValue, maxLength: Int, precision: PrecisionSetting)
    case http(HTTPScorerConfig)
    /// Cosine of query and candidate embeddings from a native embedding model; `precision` is the
    /// linear layers' arithmetic (fp32 by default),
    /// for BERT and Qwen3-Embedding models alike.
    case embedding(model: ConfigValue, maxLength: Int?, precision: PrecisionSetting)
    /// A BERT or XLM-RoBERTa sequence-classification reranker (ms-marco-MiniLM, bge-reranker-v2-m3).
    case crossEncoder(model: ConfigValue, maxLength: Int?)
    /// Scores read from a TREC run or JSONL file; `file` keeps its location for messages.
    case run(file: ConfigValue, model: String, missing: MissingScores)

    static let kinds = ["original", "bm25", "qwen3-reranker", "embedding", "cross-encoder", "http", "run"]

    /// The `model:` value of a scorer that loads model files.
    var model: ConfigValue? {
        switch self {
        case .qwen3Reranker(let model, _, _), .embedding(let model, _, _), .crossEncoder(let model, _): return model
        case .original, .bm25, .http, .run: return nil
        }
    }

    /// Whether the scorer loads model files, which may be missing (`optional:`) or downloaded (`pull:`).
    var loadsModel: Bool {
        switch self {
        case .qwen3Reranker, .embedding, .crossEncoder: return true
        case .original, .bm25, .http, .run: return false
        }
    }
}

/// A scorer entry whose options passed every check.
struct CheckedScorer: Equatable {
    var config: ScorerConfig
    var spec: ScorerSpec
    /// `instruction:` replaces the cases' instructions for this scorer.
    var instructionOverride: String?
    /// `optional: true`: a model that is not on this machine leaves the scorer "not run" (a warning)
    /// instead of failing the build.
    var optional = false
    /// `pull: true`: a hub model missing from the cache is downloaded by every build (as `build --pull`).
    var pull = false
    /// `parity:` names another scorer of the same model to compare with.
    var parity: ConfigValue?
    /// `threads:` (scorers that run a model here): OpenBLAS threads, set process-wide when the model
    /// loads; nil leaves OpenBLAS's own choice.
    var threads: Int?
}

extension ScorerConfig {
    /// The entry's typed form, or every problem of its options, each naming file:line:column and
    /// the key (`scorers.k1`).
    func checked() -> Result<CheckedScorer, BuildError> {
        var reader = OptionReader(config: self)
        let instruction = reader.take("instruction")?.text
        // Every kind reads these, so that one that has no model can say so instead of "unknown option".
        let optionalValue = reader.remaining["optional"], pullValue = reader.remaining["pull"]
        let optional = reader.flag("optional"), pull = reader.flag("pull")
        let parity = reader.take("parity")
        var spec: ScorerSpec?
        var threads: Int?
        switch kind {
        case "original":
            spec = .original
        case "bm25":
            let k1 = reader.number("k1", default: 1.2, range: 0..., rangeText: "≥ 0")
            let b = reader.number("b", default: 0.75, range: 0...1, rangeText: "between 0 and 1")
            spec = .bm25(k1: k1, b: b)
        case "qwen3-reranker":
            let model = reader.take("model")
            let maxLength = reader.integer("max_length", default: 8192, min: 16)
            threads = reader.optionalInteger("threads", min: 1)
            let precision = reader.precision()
            if let model, !model.text.isEmpty {
                spec = .qwen3Reranker(model: model, maxLength: maxLength, precision: precision)
            } else {
                reader.problem(model, "model", "a qwen3-reranker scorer needs `model:` (a folder, a hub id or an alias)")
            }
        case "embedding":
            let (model, maxLength) = reader.modelAndLength(min: 2, needs: "an embedding scorer needs `model:` (a folder, a hub id or an alias such as all-minilm-l6-v2)")
            threads = reader.optionalInteger("threads", min: 1)
            let precision = reader.precision()
            spec = model.map { .embedding(model: $0, maxLength: maxLength, precision: precision) }
        case "cross-encoder":
            let (model, maxLength) = reader.modelAndLength(min: 4, needs: "a cross-encoder scorer needs `model:` (a folder or a hub id)")
            threads = reader.optionalInteger("threads", min: 1)
            spec = model.map { .crossEncoder(model: $0, maxLength: maxLength) }
        case "http":
            let endpoint = reader.take("endpoint")
            var http = HTTPScorerConfig(endpoint: endpoint?.text ?? "", model: reader.take("model")?.text ?? "")
            if let f = reader.take("flavour") ?? reader.take("flavor") {
                if RerankFlavour(name: f.text) == nil {
                    reader.problem(f, "flavour", "unknown flavour '\(f.text)': expected jina (also vllm, cohere, llama.cpp) or tei")
                }
                http.flavour = f.text
            }
            http.documentsPerRequest = reader.integer("documents_per_request", default: http.documentsPerRequest, min: 1)
            http.maxInFlight = reader.integer("in_flight", default: http.maxInFlight, min: 1)
            http.timeoutSeconds = reader.number("timeout", default: http.timeoutSeconds, range: Double.leastNonzeroMagnitude...,
                                                rangeText: "> 0 seconds")
            http.retries = reader.integer("retries", default: http.retries, min: 0, max: 20)
            if let key = reader.take("api_key_env") {
                if key.text.isEmpty || key.text.contains("=") || key.text.contains(" ") {
                    reader.problem(key, "api_key_env", "expected the NAME of an environment variable (e.g. RERANK_API_KEY), got '\(key.text)'")
                }
                http.apiKeyEnv = key.text
            }
            if let endpoint, let why = endpointProblem(endpoint.text) {
                reader.problem(endpoint, "endpoint", why)
            } else if let endpoint, http.apiKeyEnv != nil, URL(string: endpoint.text)?.user != nil {
                reader.problem(endpoint, "endpoint", "carries a user name and `api_key_env` names a key as well: give one of them")
            } else if endpoint == nil {
                reader.problem(nil, "endpoint", "an http scorer needs `endpoint:` (e.g. http://127.0.0.1:8000/v1/rerank)")
            }
            if instruction != nil, http.flavourKind == .tei {
                reader.problem(nil, "instruction", "the tei flavour has no instruction field, so a fixed instruction cannot be sent")
            }
            spec = .http(http)
        case "run":
            let file = reader.take("file")
            let model = reader.take("model")?.text ?? ""
            var policy = MissingScores.error
            if let m = reader.take("missing") {
                if let p = MissingScores(rawValue: m.text) { policy = p } else {
                    reader.problem(m, "missing", "expected error or last, got '\(m.text)'")
                }
            }
            if instruction != nil {
                reader.problem(nil, "instruction", "a run scorer reads its scores from the file; give instructions there (JSONL \"instruction\")")
            }
            if let file, !file.text.isEmpty {
                spec = .run(file: file, model: model, missing: policy)
            } else {
                reader.problem(file, "file", "a run scorer needs `file:` (a TREC run file or JSONL of scores)")
            }
        default:
            reader.problems.append("\(location): scorers.kind: unknown scorer kind '\(kind)' (known: \(ScorerSpec.kinds.joined(separator: ", ")))")
            return .failure(BuildError(.badInput, step: "config", messages: reader.problems))
        }
        if let spec, !spec.loadsModel {
            for (key, value) in [("optional", optionalValue), ("pull", pullValue)] where value != nil {
                reader.problem(value, key, "a \(kind) scorer has no model to be missing or to download")
            }
        }
        for (key, value) in reader.remaining.sorted(by: { $0.key < $1.key }) {
            reader.problem(value, key, "unknown option '\(key)' for a \(kind) scorer")
        }
        guard reader.problems.isEmpty, let spec else { return .failure(BuildError(.badInput, step: "config", messages: reader.problems)) }
        return .success(CheckedScorer(config: self, spec: spec, instructionOverride: instruction, optional: optional, pull: pull,
                                      parity: parity, threads: threads))
    }
}

/// Why an endpoint cannot be used, in words; nil when it is an http(s) address with a host. The
/// message shows the address without its userinfo and query string (they may hold secrets).
func endpointProblem(_ text: String) -> String? {
    guard httpAddress(text) != nil else {
        return "'\(shownAddress(text))' is not an http(s) address (e.g. http://127.0.0.1:8000/v1/rerank)"
    }
    return nil
}

/// The text as an absolute http or https URL with a host, or nil.
func httpAddress(_ text: String) -> URL? {
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
          let host = url.host, !host.isEmpty else { return nil }
    return url
}

/// Takes a scorer's options one by one, checking each and collecting the problems.
private struct OptionReader {
    let config: ScorerConfig
    var remaining: [String: ConfigValue]
    var problems: [String] = []

    init(config: ScorerConfig) {
        self.config = config
        self.remaining = config.options
    }

    mutating func take(_ key: String) -> ConfigValue? { remaining.removeValue(forKey: key) }

    /// `model:` (required, non-empty) and an optional `max_length:` of at least `min` tokens.
    mutating func modelAndLength(min: Int, needs: String) -> (ConfigValue?, Int?) {
        let model = take("model")
        let maxLength = optionalInteger("max_length", min: min)
        guard let model, !model.text.isEmpty else {
            problem(model, "model", needs)
            return (nil, maxLength)
        }
        return (model, maxLength)
    }

    /// `precision:` (auto, fp32 or bf16), fp32 when absent.
    mutating func precision() -> PrecisionSetting {
        guard let p = take("precision") else { return .fp32 }
        if let setting = PrecisionSetting(rawValue: p.text.trimmingCharacters(in: .whitespaces)) { return setting }
        problem(p, "precision", "unknown precision '\(p.text)': expected auto, fp32 or bf16")
        return .fp32
    }

    mutating func problem(_ value: ConfigValue?, _ key: String, _ message: String) {
        problems.append("\(value?.location ?? config.location): scorers.\(key): \(message)")
    }

    mutating func number(_ key: String, default value: Double, range: PartialRangeFrom<Double>, rangeText: String) -> Double {
        number(key, default: value, accepts: { range.contains($0) }, rangeText: rangeText)
    }

    mutating func number(_ key: String, default value: Double, range: ClosedRange<Double>, rangeText: String) -> Double {
        number(key, default: value, accepts: { range.contains($0) }, rangeText: rangeText)
    }

    private mutating func number(_ key: String, default value: Double, accepts: (Double) -> Bool, rangeText: String) -> Double {
        guard let v = take(key) else { return value }
        guard let d = Double(v.text.trimmingCharacters(in: .whitespaces)), d.isFinite else {
            problem(v, key, "expected a number, got '\(v.text)'")
            return value
        }
        guard accepts(d) else {
            problem(v, key, "must be \(rangeText), got \(v.text)")
            return value
        }
        return d
    }

    /// A YAML boolean (true/false, yes/no, on/off); false when absent.
    mutating func flag(_ key: String) -> Bool {
        guard let v = take(key) else { return false }
        switch v.text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problem(v, key, "expected true or false, got '\(v.text)'")
            return false
        }
    }

    mutating func integer(_ key: String, default value: Int, min: Int, max: Int? = nil) -> Int {
        optionalInteger(key, min: min, max: max) ?? value
    }

    mutating func optionalInteger(_ key: String, min: Int, max: Int? = nil) -> Int? {
        guard let v = take(key) else { return nil }
        let range = max.map { "between \(min) and \($0)" } ?? "≥ \(min)"
        guard let n = Int(v.text.trimmingCharacters(in: .whitespaces)) else {
            problem(v, key, "expected a whole number \(range), got '\(v.text)'")
            return nil
        }
        guard n >= min, n <= (max ?? Int.max) else {
            problem(v, key, "must be \(range), got \(n)")
            return nil
        }
        return n
    }
}
