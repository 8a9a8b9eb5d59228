import Foundation

/// config.json of a BERT-family encoder, the fields the forward pass reads: transformers'
/// BertConfig (`model_type: bert`) or XLMRobertaConfig (`model_type: xlm-roberta`), which has the
/// same layers and differs only in where positions start (`positionOffset`).
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
    /// The padding token's id: XLM-RoBERTa's position ids count from it.
    public var padTokenID: Int?

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size", maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size", vocabSize = "vocab_size", layerNormEps = "layer_norm_eps"
        case hiddenAct = "hidden_act", positionEmbeddingType = "position_embedding_type", modelType = "model_type"
        case numLabels = "num_labels", id2label, padTokenID = "pad_token_id"
    }

    public var isXLMRoberta: Bool { modelType == "xlm-roberta" }

    /// Where positions start. BERT numbers a sequence's tokens 0, 1, 2, …; XLM-RoBERTa (transformers'
    /// `create_position_ids_from_input_ids`) numbers them from padding_idx + 1 (2 with pad id 1),
    /// and gives a padding token itself the position padding_idx.
    public var positionOffset: Int { isXLMRoberta ? (padTokenID ?? 1) + 1 : 0 }

    /// The most tokens one input may have: the position table's rows from `positionOffset` on.
    public var maxTokens: Int { maxPositionEmbeddings - positionOffset }

    /// The position ids of one input, as transformers computes them for this model type.
    func positionIDs(_ ids: [Int32]) -> [Int] {
        guard isXLMRoberta else { return Array(ids.indices) }
        let pad = padTokenID ?? 1
        var next = pad + 1
        return ids.map { id in
            if Int(id) == pad { return pad }
            defer { next += 1 }
            return next
        }
    }

    /// The network's name on a model card.
    var architectureName: String { isXLMRoberta ? "XLM-RoBERTa" : "BERT" }

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
        if let type = modelType, type != "bert", type != "xlm-roberta" {
            throw fail("model_type", "'\(type)' is not supported (bert, xlm-roberta)")
        }
        guard maxTokens >= 2 else {
            throw fail("max_position_embeddings", "\(maxPositionEmbeddings) leaves no room for tokens after the position offset \(positionOffset)")
        }
        if isXLMRoberta, let pad = padTokenID, pad < 0 || pad >= maxPositionEmbeddings {
            throw fail("pad_token_id", "\(pad) is not a row of the \(maxPositionEmbeddings) position embeddings")
        }
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
