import Checkpoints
import Foundation
import Kernels
import Tokenizers

/// One text's embedding and how it was tokenized.
public struct Embedding: Sendable, Equatable {
    public var vector: [Float]
    /// Tokens of the text before truncation, special tokens not counted.
    public var tokens: Int
    public var truncated: Bool
}

/// A BERT-family sentence embedding model (all-MiniLM-L6-v2 and the like; XLM-RoBERTa ones such as
/// bge-m3 or multilingual-e5) in the sentence-transformers layout, run natively: WordPiece or
/// SentencePiece Unigram tokenizer, the encoder forward pass, pooling and
/// optional normalisation, as sentence-transformers' `encode` does it. Safe to share between
/// threads: calls are serialised (the BLAS uses the cores within each call).
public final class BertEmbedder: @unchecked Sendable {
    public let layout: SentenceTransformerLayout
    public let config: BertConfig
    /// Tokens per input in all, special tokens included: `max_length` if given, else
    /// sentence_bert_config.json's max_seq_length, else the model's positions (`BertConfig.maxTokens`).
    public let maxLength: Int
    public var dimension: Int { config.hiddenSize }
    /// Most tokens of one forward pass (texts are packed into passes of up to this many tokens).
    public var tokensPerPass: Int { BertModel.tokensPerPass }
    /// The linear layers' arithmetic as asked for and as it runs on this CPU.
    public var arithmetic: ArithmeticDescription { model.kernel.description }
    let tokenizer: EncoderTokenizer
    private let model: BertModel
    private let lock = NSLock()

    public init(folder: URL, maxLength: Int? = nil, precision: PrecisionSetting = .fp32) throws {
        layout = try SentenceTransformerLayout.load(folder: folder)
        let modelFolder = folder.appendingPathComponent(layout.transformerPath)
        let configURL = modelFolder.appendingPathComponent("config.json")
        config = try BertConfig.load(from: configURL)
        self.maxLength = try Self.resolveMaxLength(maxLength, layout: layout, config: config, file: configURL.path)
        tokenizer = try encoderErrors { try EncoderTokenizers.load(contentsOf: modelFolder.appendingPathComponent("tokenizer.json")) }
        try Self.checkVocabulary(tokenizer, config, file: modelFolder.appendingPathComponent("tokenizer.json").path)
        let arithmetic = ArithmeticDescription(resolving: precision)
        model = BertModel(weights: try BertWeights(folder: modelFolder, config: config, classifier: false,
                                                   precision: arithmetic.resolved),
                          precision: precision)
    }

    /// `max_length` if given, else sentence_bert_config.json's max_seq_length, else the model's
    /// positions (`BertConfig.maxTokens`); never more than the model has positions.
    static func resolveMaxLength(_ requested: Int?, layout: SentenceTransformerLayout, config: BertConfig, file: String) throws -> Int {
        let limit = requested ?? layout.maxSeqLength.map { min($0, config.maxTokens) } ?? config.maxTokens
        guard limit >= 2, limit <= config.maxTokens else {
            throw EncoderError(file: file, field: "max_position_embeddings",
                               "a maximum length of \(limit) tokens does not fit the model's \(config.maxTokens) positions")
        }
        return limit
    }

    static func settingsIdentity(layout: SentenceTransformerLayout, maxLength: Int, precision: Precision = .fp32) -> String {
        // The model type needs no place here: its config.json is among the fingerprinted files.
        // fp32 keeps the identity it had before precisions existed, so cached fp32 scores stay valid.
        "bert|pooling=\(layout.pooling.rawValue)|normalize=\(layout.normalize)|max_length=\(maxLength)"
            + (precision == .fp32 ? "" : "|precision=\(precision.rawValue)") + "|v1"
    }

    /// The model's ids must all have rows in the embedding table.
    static func checkVocabulary(_ tokenizer: EncoderTokenizer, _ config: BertConfig, file: String) throws {
        guard tokenizer.maxID < config.vocabSize else {
            throw EncoderError(file: file, "token id \(tokenizer.maxID) has no row in the model's \(config.vocabSize) embeddings")
        }
    }

    /// The embeddings of the texts, in order.
    public func embed(_ texts: [String]) -> [Embedding] {
        var times: EncoderStageTimes?
        return embed(texts, times: &times)
    }

    /// The embeddings of the texts, in order; adds where the time went to `times` when it is not nil.
    public func embed(_ texts: [String], times: inout EncoderStageTimes?) -> [Embedding] {
        if texts.isEmpty { return [] }
        lock.lock(); defer { lock.unlock() }
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ stage: WritableKeyPath<EncoderStageTimes, Double>) {
            guard times != nil else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            times?[keyPath: stage] += Double(now - clock) / 1e9
            clock = now
        }
        let inputs = texts.map { tokenizer.encodeInput($0, maxLength: maxLength) }
        lap(\.tokenize)
        var out: [Embedding] = []
        out.reserveCapacity(texts.count)
        model.times = times
        defer { if times != nil { times = model.times }; model.times = nil }
        for pass in BertModel.passes(inputs.map(\.ids.count)) {
            let batch = inputs[pass]
            let states = model.hiddenStates(batch.map { ($0.ids, $0.typeIDs) })
            clock = DispatchTime.now().uptimeNanoseconds
            var row = 0
            for input in batch {
                var vector = [Float](repeating: 0, count: dimension)
                pool(states + row * dimension, tokens: input.ids.count, width: dimension, pooling: layout.pooling, into: &vector)
                if layout.normalize { normalizeL2(&vector) }
                out.append(Embedding(vector: vector, tokens: input.fullTokens, truncated: input.truncated))
                row += input.ids.count
            }
            if model.times != nil {
                model.times?.pooling += Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
            }
        }
        return out
    }

    /// Token ids of the text as the model sees it ([CLS] … [SEP] or <s> … </s>, truncated).
    public func modelInput(_ text: String) -> EncodedInput { tokenizer.encodeInput(text, maxLength: maxLength) }

    /// The files a BERT model folder's scores depend on, relative to it, sorted: the layout files,
    /// config.json, tokenizer.json and the safetensors file(s), which are checked to exist.
    public static func inputFiles(folder: URL) throws -> [String] {
        let layout = try SentenceTransformerLayout.load(folder: folder)
        let base = layout.transformerPath.isEmpty ? "" : layout.transformerPath + "/"
        let checkpoint = try encoderErrors { try Checkpoint(folder: folder.appendingPathComponent(layout.transformerPath)) }
        return (layout.files + (["config.json", "tokenizer.json"] + checkpoint.fileNames).map { base + $0 }).sorted()
    }
}
