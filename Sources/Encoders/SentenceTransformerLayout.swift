import Foundation

/// How token states become one vector (sentence-transformers' Pooling module).
public enum Pooling: String, Sendable, Equatable {
    /// Average over the sequence's tokens, special tokens included (`pooling_mode_mean_tokens`).
    case mean
    /// The first token's state (`pooling_mode_cls_token`).
    case cls
    /// The last token's state (`pooling_mode_lasttoken`, Qwen3-Embedding).
    case lastToken = "lasttoken"
}

/// A sentence-transformers model folder: modules.json lists Transformer → Pooling → optional
/// Normalize; 1_Pooling/config.json says which pooling; sentence_bert_config.json gives
/// max_seq_length. A folder without modules.json is read as a plain transformers model with mean
/// pooling and no normalisation (what sentence-transformers itself assumes then).
public struct SentenceTransformerLayout: Sendable, Equatable {
    public var transformerPath: String = ""
    public var poolingPath: String?
    public var pooling: Pooling = .mean
    public var normalize = false
    public var maxSeqLength: Int?

    /// The files of the layout that were read, relative to the folder (for the model fingerprint).
    public var files: [String] {
        var names: [String] = []
        if hasModules { names.append("modules.json") }
        if let poolingPath { names.append(poolingPath.isEmpty ? "config.json" : poolingPath + "/config.json") }
        if hasSentenceConfig { names.append("sentence_bert_config.json") }
        return names
    }
    var hasModules = false
    var hasSentenceConfig = false

    public static func load(folder: URL) throws -> SentenceTransformerLayout {
        var layout = SentenceTransformerLayout()
        let modulesURL = folder.appendingPathComponent("modules.json")
        if FileManager.default.fileExists(atPath: modulesURL.path) {
            layout.hasModules = true
            guard let modules = try readJSON(modulesURL) as? [[String: Any]] else {
                throw EncoderError(file: modulesURL.path, "expected a list of modules")
            }
            for (index, module) in modules.enumerated() {
                let type = (module["type"] as? String) ?? ""
                let path = (module["path"] as? String) ?? ""
                guard !path.contains(".."), !path.hasPrefix("/") else {
                    throw EncoderError(file: modulesURL.path, field: "[\(index)].path", "'\(path)' must be a folder inside the model")
                }
                switch type.split(separator: ".").last.map(String.init) ?? "" {
                case "Transformer": layout.transformerPath = path
                case "Pooling": layout.poolingPath = path
                case "Normalize": layout.normalize = true
                default:
                    throw EncoderError(file: modulesURL.path, field: "[\(index)].type",
                                       "module '\(type)' is not supported (Transformer, Pooling, Normalize)")
                }
            }
        }
        if let path = layout.poolingPath {
            let url = folder.appendingPathComponent(path).appendingPathComponent("config.json")
            layout.pooling = try readPooling(url)
        }
        let sentenceURL = folder.appendingPathComponent(layout.transformerPath).appendingPathComponent("sentence_bert_config.json")
        if FileManager.default.fileExists(atPath: sentenceURL.path) {
            layout.hasSentenceConfig = true
            guard let object = try readJSON(sentenceURL) as? [String: Any] else {
                throw EncoderError(file: sentenceURL.path, "expected an object")
            }
            if let n = object["max_seq_length"] as? NSNumber {
                guard n.intValue >= 2 else { throw EncoderError(file: sentenceURL.path, field: "max_seq_length", "\(n) is too small") }
                layout.maxSeqLength = n.intValue
            }
            if (object["do_lower_case"] as? Bool) == true {
                throw EncoderError(file: sentenceURL.path, field: "do_lower_case", "true is not supported")
            }
        }
        return layout
    }

    private static func readPooling(_ url: URL) throws -> Pooling {
        guard let object = try readJSON(url) as? [String: Any] else { throw EncoderError(file: url.path, "expected an object") }
        let modes: [(String, Pooling?)] = [
            ("pooling_mode_mean_tokens", .mean), ("pooling_mode_cls_token", .cls), ("pooling_mode_lasttoken", .lastToken),
            ("pooling_mode_max_tokens", nil), ("pooling_mode_mean_sqrt_len_tokens", nil), ("pooling_mode_weightedmean_tokens", nil),
        ]
        let on = modes.filter { (object[$0.0] as? Bool) == true }
        guard on.count == 1, let pooling = on[0].1 else {
            let names = on.map(\.0).joined(separator: ", ")
            throw EncoderError(file: url.path, "exactly one of pooling_mode_mean_tokens, pooling_mode_cls_token and pooling_mode_lasttoken must be true (got \(names.isEmpty ? "none" : names))")
        }
        return pooling
    }

    static func readJSON(_ url: URL) throws -> Any {
        let type = (try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path))?[.type] as? FileAttributeType
        guard type == .typeRegular, let data = try? Data(contentsOf: url) else { throw EncoderError(file: url.path, "cannot read") }
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw EncoderError(file: url.path, "not valid JSON") }
        return object
    }
}

/// Pools the token states [tokens, width] of one sequence into out[width].
func pool(_ states: UnsafePointer<Float>, tokens: Int, width: Int, pooling: Pooling, into out: inout [Float]) {
    switch pooling {
    case .cls:
        for j in 0..<width { out[j] = states[j] }
    case .lastToken:
        for j in 0..<width { out[j] = states[(tokens - 1) * width + j] }
    case .mean:
        for j in 0..<width { out[j] = 0 }
        for t in 0..<tokens {
            let row = states + t * width
            for j in 0..<width { out[j] += row[j] }
        }
        let inv = 1 / Float(max(tokens, 1))
        for j in 0..<width { out[j] *= inv }
    }
}

/// v / max(‖v‖, 1e-12), as torch.nn.functional.normalize.
func normalizeL2(_ v: inout [Float]) {
    var s: Float = 0
    for x in v { s += x * x }
    let inv = 1 / max(s.squareRoot(), 1e-12)
    for i in v.indices { v[i] *= inv }
}
