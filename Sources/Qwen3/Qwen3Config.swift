import Foundation
import Kernels

/// The fields of a Hugging Face Qwen3 config.json the engine reads. Decoding only maps names;
/// `validate()` is the separate step that checks the numbers make a model this engine can run.
public struct Qwen3Config: Codable, Sendable, Equatable {
    public var modelType: String?
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var numKeyValueHeads: Int
    /// Absent in some configs; then hidden_size / num_attention_heads (as transformers does).
    public var headDim: Int?
    public var intermediateSize: Int
    public var vocabSize: Int
    public var rmsNormEps: Double
    /// Top-level in published Qwen3 configs; newer transformers write it under rope_parameters.
    public var ropeTheta: Double?
    public var ropeParameters: RopeParameters?
    public var ropeScaling: RopeParameters?
    /// transformers' Qwen3Config default is false; the 0.6B and 4B rerankers set true.
    public var tieWordEmbeddings: Bool?
    public var hiddenAct: String?
    public var attentionBias: Bool?
    public var useSlidingWindow: Bool?

    public struct RopeParameters: Codable, Sendable, Equatable {
        public var ropeType: String?
        public var type: String?
        public var ropeTheta: Double?
        enum CodingKeys: String, CodingKey {
            case ropeType = "rope_type", type, ropeTheta = "rope_theta"
        }
    }

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads"
        case headDim = "head_dim"
        case intermediateSize = "intermediate_size"
        case vocabSize = "vocab_size"
        case rmsNormEps = "rms_norm_eps"
        case ropeTheta = "rope_theta"
        case ropeParameters = "rope_parameters"
        case ropeScaling = "rope_scaling"
        case tieWordEmbeddings = "tie_word_embeddings"
        case hiddenAct = "hidden_act"
        case attentionBias = "attention_bias"
        case useSlidingWindow = "use_sliding_window"
    }

    /// Width of one attention head.
    public var headDimension: Int { headDim ?? hiddenSize / max(numAttentionHeads, 1) }
    /// Width of q_proj's output: heads · headDim (not always hidden_size).
    public var queryWidth: Int { numAttentionHeads * headDimension }
    /// Width of k_proj's and v_proj's output.
    public var kvWidth: Int { numKeyValueHeads * headDimension }
    /// Head counts and width of every attention layer.
    public var attentionShape: AttentionShape {
        AttentionShape(heads: numAttentionHeads, kvHeads: numKeyValueHeads, headDim: headDimension)
    }
    /// RoPE base; transformers' default for Qwen3 is 10000.
    public var theta: Double { ropeTheta ?? ropeParameters?.ropeTheta ?? 10_000 }
    public var tiedEmbeddings: Bool { tieWordEmbeddings ?? false }

    /// Reads config.json. Errors name the file and, where the decoder knows it, the field.
    public static func load(from url: URL) throws -> Qwen3Config {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Qwen3Error(file: url.path, "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, file: url.path)
    }

    public static func decode(_ data: Data, file: String = "config.json") throws -> Qwen3Config {
        do {
            return try JSONDecoder().decode(Qwen3Config.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw Qwen3Error(file: file, field: key.stringValue, "missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw Qwen3Error(file: file, field: context.codingPath.map(\.stringValue).joined(separator: "."),
                             context.debugDescription)
        } catch let DecodingError.valueNotFound(_, context) {
            throw Qwen3Error(file: file, field: context.codingPath.map(\.stringValue).joined(separator: "."),
                             context.debugDescription)
        } catch {
            throw Qwen3Error(file: file, "not a valid config: \(error)")
        }
    }

    /// Checks that the numbers describe a Qwen3 model this engine runs.
    public func validate(file: String = "config.json") throws {
        func fail(_ field: String, _ message: String) -> Qwen3Error { Qwen3Error(file: file, field: field, message) }
        if let modelType, modelType != "qwen3" { throw fail("model_type", "'\(modelType)' is not qwen3") }
        for (field, value) in [("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                               ("num_attention_heads", numAttentionHeads), ("num_key_value_heads", numKeyValueHeads),
                               ("head_dim", headDimension), ("intermediate_size", intermediateSize),
                               ("vocab_size", vocabSize)] where value <= 0 {
            throw fail(field, "must be positive, is \(value)")
        }
        if numAttentionHeads % numKeyValueHeads != 0 {
            throw fail("num_key_value_heads", "\(numKeyValueHeads) does not divide num_attention_heads \(numAttentionHeads)")
        }
        if headDimension % 2 != 0 { throw fail("head_dim", "must be even for RoPE, is \(headDimension)") }
        if !(rmsNormEps > 0) { throw fail("rms_norm_eps", "must be positive") }
        if !(theta > 0) { throw fail("rope_theta", "must be positive") }
        if let hiddenAct, hiddenAct != "silu" { throw fail("hidden_act", "'\(hiddenAct)' is not supported (silu only)") }
        if attentionBias == true { throw fail("attention_bias", "q/k/v biases are not supported") }
        if useSlidingWindow == true { throw fail("use_sliding_window", "sliding-window attention is not supported") }
        for (field, rope) in [("rope_scaling", ropeScaling), ("rope_parameters", ropeParameters)] {
            if let kind = rope?.ropeType ?? rope?.type, kind != "default" {
                throw fail(field, "RoPE type '\(kind)' is not supported")
            }
        }
    }
}
