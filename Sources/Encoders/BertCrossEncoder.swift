import Checkpoints
import Foundation
import Kernels
import Tokenizers

/// One (query, document) score of a cross-encoder.
public struct CrossEncoderScore: Sendable, Equatable {
    /// sigmoid(logit), as sentence-transformers' CrossEncoder gives for a one-label model.
    public var score: Double
    public var logit: Double
    /// Tokens of query and document before truncation, special tokens not counted.
    public var tokens: Int
    public var truncated: Bool
}

/// A BERT-family sequence-classification reranker with one label, score = sigmoid(logit) as
/// sentence-transformers' CrossEncoder gives it (and FlagEmbedding's `compute_score(normalize=True)`):
/// - BERT (the cross-encoder/ms-marco-MiniLM kind, BertForSequenceClassification):
///   `[CLS] query [SEP] document [SEP]` with token types 0 and 1, the encoder, the pooler (tanh of
///   a linear layer on the [CLS] state) and the classifier;
/// - XLM-RoBERTa (bge-reranker-v2-m3, XLMRobertaForSequenceClassification): `<s> query </s></s>
///   document </s>` from a SentencePiece Unigram tokenizer, positions from 2, and the head
///   (dense, tanh, out_proj) on the `<s>` state.
/// Pairs longer than `maxLength` are cut longest-first, as transformers' tokenizer does with
/// `truncation=True` (what sentence-transformers' CrossEncoder passes). Calls are serialised.
public final class BertCrossEncoder: @unchecked Sendable {
    public let config: BertConfig
    public let maxLength: Int
    let tokenizer: EncoderTokenizer
    private let model: BertModel
    private let lock = NSLock()

    public init(folder: URL, maxLength: Int? = nil) throws {
        let configURL = folder.appendingPathComponent("config.json")
        config = try BertConfig.load(from: configURL)
        guard config.labels == 1 else {
            throw EncoderError(file: configURL.path, field: "num_labels", "\(config.labels) labels; a reranker has one")
        }
        self.maxLength = try Self.resolveMaxLength(maxLength, config: config, file: configURL.path)
        let tokenizerURL = folder.appendingPathComponent("tokenizer.json")
        tokenizer = try encoderErrors { try EncoderTokenizers.load(contentsOf: tokenizerURL) }
        try BertEmbedder.checkVocabulary(tokenizer, config, file: tokenizerURL.path)
        model = BertModel(weights: try BertWeights(folder: folder, config: config, classifier: true))
    }

    /// `max_length` if given, else the model's positions (`BertConfig.maxTokens`: 512 for BERT's 512
    /// and XLM-RoBERTa's 514 rows); never more.
    static func resolveMaxLength(_ requested: Int?, config: BertConfig, file: String) throws -> Int {
        let limit = requested ?? config.maxTokens
        guard limit >= 4, limit <= config.maxTokens else {
            throw EncoderError(file: file, field: "max_position_embeddings",
                               "a maximum length of \(limit) tokens does not fit the model's \(config.maxTokens) positions")
        }
        return limit
    }

    /// The model input of a pair: ids and token types.
    public func modelInput(query: String, document: String) -> EncodedInput {
        tokenizer.encodePair(query, document, maxLength: maxLength)
    }

    /// Scores each document against the query, in order.
    public func score(query: String, documents: [String]) -> [CrossEncoderScore] {
        if documents.isEmpty { return [] }
        let inputs = documents.map { modelInput(query: query, document: $0) }
        guard let pooler = model.weights.pooler, let classifier = model.weights.classifier else { return [] }
        let h = config.hiddenSize
        var out: [CrossEncoderScore] = []
        out.reserveCapacity(inputs.count)
        var pooled = [Float](repeating: 0, count: h)
        var logit = [Float](repeating: 0, count: 1)
        lock.lock(); defer { lock.unlock() }
        for pass in BertModel.passes(inputs.map(\.ids.count)) {
            let states = model.hiddenStates(inputs[pass].map { ($0.ids, $0.typeIDs) })
            var row = 0
            for input in inputs[pass] {
                // pooled = tanh(W_p · h_[CLS] + b_p); logit = W_c · pooled + b_c (XLM-R: dense, out_proj on <s>).
                linear(&pooled, states + row * h, pooler.weight, bias: pooler.bias, rows: 1, inFeatures: h, outFeatures: h)
                for j in 0..<h { pooled[j] = tanh(pooled[j]) }
                linear(&logit, pooled, classifier.weight, bias: classifier.bias, rows: 1, inFeatures: h, outFeatures: 1)
                let x = Double(logit[0])
                out.append(CrossEncoderScore(score: 1 / (1 + exp(-x)), logit: x, tokens: input.fullTokens, truncated: input.truncated))
                row += input.ids.count
            }
        }
        return out
    }

    /// The files a cross-encoder folder's scores depend on, sorted: config.json, tokenizer.json and
    /// the safetensors file(s).
    public static func inputFiles(folder: URL) throws -> [String] {
        let checkpoint = try encoderErrors { try Checkpoint(folder: folder) }
        return (["config.json", "tokenizer.json"] + checkpoint.fileNames).sorted()
    }

    /// The settings that change a score besides the weights.
    public var settingsIdentity: String { "bert-cross-encoder|max_length=\(maxLength)|v1" }

    /// The architecture as the model card names it.
    static func architectureText(_ config: BertConfig) -> String {
        config.architectureText + (config.isXLMRoberta ? ", a classification head (dense, tanh, out_proj) on the <s> state"
                                                       : ", a classifier on the pooled [CLS] state")
    }

    /// How a pair is written, for the model card.
    static func pairFormat(_ config: BertConfig) -> String {
        config.isXLMRoberta ? "<s> query </s></s> candidate </s>" : "[CLS] query [SEP] candidate [SEP]"
    }
}
