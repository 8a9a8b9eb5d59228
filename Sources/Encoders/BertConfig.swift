import Foundation

/// config.json of a BERT model (transformers' BertConfig), the fields the forward pass reads.
public struct BertConfig: Decodable, Sendable, Equatable {
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var vocabSize: Int
    public var layerNormEps: Double
    public var hiddenAct: String
    public var positionEmbeddingType: String?
    public var modelType: String?
    /// Sequence classification only: the number of output labels (from id2label when absent).
    public var numLabels: Int?
    var id2label: [String: String]?

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size", maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size", vocabSize = "vocab_size", layerNormEps = "layer_norm_eps"
        case hiddenAct = "hidden_act", positionEmbeddingType = "position_embedding_type", modelType = "model_type"
        case numLabels = "num_labels", id2label
    }

    public var headDim: Int { hiddenSize / numAttentionHeads }
    /// Labels of a classification head: num_labels, else the size of id2label, else 1.
    public var labels: Int { numLabels ?? id2label?.count ?? 1 }

    /// Reads config.json; the error names the file and what is missing.
    static func load(from url: URL) throws -> BertConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw EncoderError(file: url.path, "cannot read: \(error.localizedDescription)")
        }
        let config: BertConfig
        do { config = try JSONDecoder().decode(BertConfig.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw EncoderError(file: url.path, field: key.stringValue, "missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw EncoderError(file: url.path, field: context.codingPath.map(\.stringValue).joined(separator: "."), "wrong type")
        } catch {
            throw EncoderError(file: url.path, "not a BERT config.json")
        }
        try config.validate(file: url.path)
        return config
    }

    /// Shapes that make sense, and only what the forward pass implements.
    func validate(file: String) throws {
        func fail(_ field: String, _ message: String) -> EncoderError { EncoderError(file: file, field: field, message) }
        if let type = modelType, type != "bert" { throw fail("model_type", "'\(type)' is not supported (bert)") }
        for (name, value) in [("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                              ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
                              ("max_position_embeddings", maxPositionEmbeddings), ("type_vocab_size", typeVocabSize),
                              ("vocab_size", vocabSize)] where value < 1 || value > 1 << 20 {
            throw fail(name, "\(value) is out of range")
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw fail("num_attention_heads", "\(numAttentionHeads) does not divide hidden_size \(hiddenSize)")
        }
        guard hiddenAct == "gelu" else { throw fail("hidden_act", "'\(hiddenAct)' is not supported (gelu, the erf form)") }
        if let p = positionEmbeddingType, p != "absolute" {
            throw fail("position_embedding_type", "'\(p)' is not supported (absolute)")
        }
        guard layerNormEps > 0, layerNormEps < 1 else { throw fail("layer_norm_eps", "\(layerNormEps) is out of range") }
        guard (1...1024).contains(labels) else { throw fail("num_labels", "\(labels) is out of range") }
    }
}
