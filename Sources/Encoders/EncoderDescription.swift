import Checkpoints
import Foundation
import Kernels
import Tokenizers

/// What an encoder model is, for its scorer's model card and fingerprint, read from its small
/// files and the safetensors headers (no weights loaded): each model kind fills one in, so a new
/// kind (Qwen3-Embedding) brings its own facts without the card knowing about it.
public struct EncoderDescription: Sendable, Equatable {
    /// The network in words: `BERT encoder, 6 layers, 384 wide, 12 heads`.
    public var architecture: String
    /// Parameters, bytes and stored dtypes of the weights; nil when the headers cannot be read.
    public var weights: CheckpointFacts?
    /// The arithmetic it runs in (`fp32`).
    public var precision: String
    /// Tokens per input, special tokens included (the resolved max length).
    public var maxLength: Int
    public var tokenizer: TokenizerFacts
    /// How the network's output becomes a score.
    public var head: Head
    /// How a query is written before it is encoded.
    public var query: QueryFormat
    /// Everything besides the weights that changes a score (pooling, max length, prompt format),
    /// for score-cache fingerprints.
    public var settingsIdentity: String

    public enum Head: Sendable, Equatable {
        /// An embedding model: the token states pooled into one vector (L2-normalised or not);
        /// the score is the cosine of the query's and the candidate's vectors.
        case pooled(Pooling, normalized: Bool)
        /// A cross-encoder: a classification head over the pair; score = sigmoid(logit).
        case classifier(labels: Int)
    }

    public enum QueryFormat: Sendable, Equatable {
        /// The query is encoded as written; the instruction is not read.
        case asWritten
        /// The instruction goes into the query's text by this template (`{instruction}`, `{query}`).
        case template(String)
        /// Query and candidate are read together as one input (`[CLS] query [SEP] candidate [SEP]`);
        /// the instruction is not read.
        case pairedWithCandidate(String)
    }

    public init(architecture: String, weights: CheckpointFacts?, precision: String, maxLength: Int, tokenizer: TokenizerFacts,
                head: Head, query: QueryFormat, settingsIdentity: String) {
        self.architecture = architecture; self.weights = weights; self.precision = precision; self.maxLength = maxLength
        self.tokenizer = tokenizer; self.head = head; self.query = query; self.settingsIdentity = settingsIdentity
    }

    /// Whether the instruction is part of what is encoded.
    public var usesInstruction: Bool {
        if case .template = query { return true }
        return false
    }
}

extension BertConfig {
    /// `BERT encoder, 6 layers, 384 wide, 12 heads` (or `XLM-RoBERTa encoder, …`).
    var architectureText: String {
        "\(architectureName) encoder, \(numHiddenLayers) layers, \(hiddenSize) wide, \(numAttentionHeads) heads"
    }
}

/// A tokenizer as a model card names it.
public struct TokenizerFacts: Sendable, Equatable {
    /// The algorithm (`WordPiece`, `SentencePiece Unigram`, `byte-level BPE`).
    public var kind: String
    /// Entries in the vocabulary.
    public var vocabularySize: Int
    /// Whether text is lowercased first (the "uncased" models); nil when it does not apply.
    public var lowercased: Bool?
    public init(kind: String, vocabularySize: Int, lowercased: Bool?) {
        self.kind = kind; self.vocabularySize = vocabularySize; self.lowercased = lowercased
    }
}

extension EncoderTokenizer {
    var facts: TokenizerFacts { TokenizerFacts(kind: algorithm, vocabularySize: vocabularySize, lowercased: lowercases) }
}

extension BertEmbedder {
    /// The model card's facts of a sentence-transformers BERT folder, without loading the weights.
    public static func describe(folder: URL, maxLength: Int?, precision: PrecisionSetting = .fp32) throws -> EncoderDescription {
        let arithmetic = ArithmeticDescription(resolving: precision)
        let layout = try SentenceTransformerLayout.load(folder: folder)
        let modelFolder = folder.appendingPathComponent(layout.transformerPath)
        let url = modelFolder.appendingPathComponent("config.json")
        let config = try BertConfig.load(from: url)
        let limit = try resolveMaxLength(maxLength, layout: layout, config: config, file: url.path)
        let tokenizer = try encoderErrors { try EncoderTokenizers.load(contentsOf: modelFolder.appendingPathComponent("tokenizer.json")) }
        return EncoderDescription(architecture: config.architectureText,
                                  weights: try? CheckpointFacts(folder: modelFolder),
                                  precision: arithmetic.precision, maxLength: limit, tokenizer: tokenizer.facts,
                                  head: .pooled(layout.pooling, normalized: layout.normalize), query: .asWritten,
                                  settingsIdentity: settingsIdentity(layout: layout, maxLength: limit,
                                                                     precision: precision.resolve()))
    }
}

extension BertCrossEncoder {
    /// The model card's facts of a BERT sequence-classification folder, without loading the weights.
    public static func describe(folder: URL, maxLength: Int?) throws -> EncoderDescription {
        let url = folder.appendingPathComponent("config.json")
        let config = try BertConfig.load(from: url)
        let limit = try resolveMaxLength(maxLength, config: config, file: url.path)
        let tokenizer = try encoderErrors { try EncoderTokenizers.load(contentsOf: folder.appendingPathComponent("tokenizer.json")) }
        return EncoderDescription(architecture: architectureText(config),
                                  weights: try? CheckpointFacts(folder: folder),
                                  precision: "fp32", maxLength: limit, tokenizer: tokenizer.facts,
                                  head: .classifier(labels: config.labels),
                                  query: .pairedWithCandidate(pairFormat(config)),
                                  settingsIdentity: "max_length=\(maxLength.map(String.init) ?? "model")")
    }
}
