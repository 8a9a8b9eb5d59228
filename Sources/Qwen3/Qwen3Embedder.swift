import Foundation
import Kernels
import Tokenizers

/// Settings of a native Qwen3-Embedding model: the reranker's, on the same engine. `maxLength` is
/// the most tokens per text, special tokens included (the text's tail is cut; the model card's
/// recipe uses 8192), then OpenBLAS threads, rows per pass and the linear layers' precision.
public typealias EmbedderOptions = RerankerOptions

/// One text's Qwen3-Embedding vector (L2-normalised) and its tokens.
public struct Qwen3Embedding: Sendable, Equatable {
    public var vector: [Float]
    /// Tokens run, special tokens included.
    public var tokens: Int
    /// True when the text was cut to the max length.
    public var truncated: Bool
    /// Tokens before any cut, special tokens included.
    public var fullTokens: Int
}

/// Qwen3-Embedding (0.6B / 4B / 8B) run natively on the CPU on the reranker's engine
/// (`Qwen3Model`: the same layers, precision options, prefix sharing and batching), as the model
/// card's transformers recipe computes it:
///
///     batch = tokenizer(texts, padding=True, truncation=True, max_length=8192)   # left or right padding
///     h = AutoModel(...)(**batch).last_hidden_state      # after the final norm
///     v = normalize(h[last real token of each text])     # last_token_pool
///
/// The tokenizer's post-processor adds the special tokens (the published tokenizer.json appends
/// `<|endoftext|>`, so that is the pooled token); nothing is assumed when a tokenizer.json adds none.
/// Padding never changes a vector: each text runs as its own sequence from position 0 (RoPE is
/// relative and the attention mask hides pads), so left and right padding give the same last
/// state. A query carries its instruction through `queryText`; documents are embedded as written.
/// Loads a folder with config.json, tokenizer.json and model.safetensors (or shards), with or
/// without the `model.` tensor prefix; the output head is never read. Safe to share between
/// threads: calls run one at a time.
public final class Qwen3Embedder: @unchecked Sendable {
    /// Bump when the query format, truncation or pooling changes: part of every cache fingerprint.
    public static let promptVersion = "qwen3-embedding-instruct-query-1"
    /// How a text's vector is read: part of the fingerprint and the model card.
    public static let pooling = "last token after the final norm, L2-normalised"
    /// The task the model card uses when none is given.
    public static let defaultInstruction = RerankPrompt.defaultInstruction

    /// The query text: `Instruct: {instruction}\nQuery:{query}` (no space after the colon). An empty
    /// instruction means the default one.
    public static func queryText(instruction: String, query: String) -> String {
        "Instruct: \(instruction.isEmpty ? defaultInstruction : instruction)\nQuery:\(query)"
    }

    public let config: Qwen3Config
    public let options: EmbedderOptions
    /// SHA-256 over config.json, the safetensors headers and the tokenizer (as the reranker's).
    public let identity: String
    /// The precision the linear layers run in on this CPU and the kernels that run it.
    public let arithmetic: ArithmeticDescription
    /// Special tokens the tokenizer adds after (or around) each text.
    public let specialTokens: Int
    public var dimension: Int { config.hiddenSize }

    private let tokenizer: Tokenizer
    private let model: Qwen3Model
    private let lock = NSLock()

    public init(folder: URL, options: EmbedderOptions = EmbedderOptions()) throws {
        let tokenizerURL = folder.appendingPathComponent("tokenizer.json")
        do { tokenizer = try Tokenizer(contentsOf: tokenizerURL) } catch {
            throw Qwen3Error(file: tokenizerURL.path, "cannot load tokenizer: \(error)")
        }
        specialTokens = tokenizer.specialTokensAdded
        guard options.maxLength > specialTokens else {
            throw Qwen3Error(field: "maxLength", "\(options.maxLength) leaves no room for text after the \(specialTokens) special tokens")
        }
        guard options.batchRows > 0 else { throw Qwen3Error(field: "batchRows", "must be positive") }
        let weights = try Qwen3Weights.load(folder: folder, head: false)
        config = weights.config
        let template = tokenizer.encodeWithSpecialTokens("")?.ids ?? []
        identity = try modelIdentity(folder: folder, checkpoint: weights.checkpoint, templateIDs: template)
        model = Qwen3Model(weights: weights, classifier: [], precision: options.precision)
        arithmetic = model.linearKernel.description
        self.options = options
        if let threads = options.threads { setBLASThreads(threads) }
    }

    /// The ids a text runs as: its tokens cut to the max length, with the special tokens.
    public func encode(_ text: String) throws -> SpecialTokenEncoding {
        guard let encoding = tokenizer.encodeWithSpecialTokens(text, maxLength: options.maxLength) else {
            throw Qwen3Error(field: "maxLength", "\(options.maxLength) leaves no room for text")
        }
        guard !encoding.ids.isEmpty else {
            throw Qwen3Error(field: "tokenize", "an empty text has no tokens to read a vector at (this tokenizer.json adds no end token)")
        }
        if let bad = encoding.ids.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
            throw Qwen3Error(field: "tokenize", "token id \(bad) is outside the model's vocabulary of \(config.vocabSize)")
        }
        return encoding
    }

    /// The texts' vectors, in order. Texts run packed into shared passes, and a beginning they all
    /// share (a query instruction) is computed once.
    public func embed(_ texts: [String]) throws -> [Qwen3Embedding] {
        try embed(texts) { model, ids, readout in model.lastTokens(prompts: ids, batchRows: options.batchRows, readout: readout) }
    }

    /// The same vectors by the plain path: every text alone from position 0, nothing shared (the
    /// reference the packed path is checked against).
    public func embedPlain(_ texts: [String]) throws -> [Qwen3Embedding] {
        try embed(texts) { model, ids, readout in model.lastTokensOneByOne(prompts: ids, readout: readout) }
    }

    private func embed(_ texts: [String],
                       using run: (Qwen3Model, [[Int32]], (UnsafePointer<Float>) -> [Float]) -> [[Float]]) throws -> [Qwen3Embedding] {
        let encodings = try texts.map { try encode($0) }
        let h = config.hiddenSize
        lock.lock()
        let states = run(model, encodings.map(\.ids)) { Array(UnsafeBufferPointer(start: $0, count: h)) }
        lock.unlock()
        return zip(encodings, states).map { e, state in
            Qwen3Embedding(vector: Qwen3Embedder.normalized(state), tokens: e.ids.count, truncated: e.truncated,
                           fullTokens: e.fullLength)
        }
    }

    /// x / max(‖x‖, 1e-12), the norm accumulated in Double (torch's F.normalize).
    static func normalized(_ x: [Float]) -> [Float] {
        let norm = max(x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot(), 1e-12)
        return x.map { Float(Double($0) / norm) }
    }

    /// Time and work of the forward passes so far.
    public var statistics: ForwardStatistics {
        lock.lock()
        defer { lock.unlock() }
        return model.statistics
    }

    /// The files the engine reads from a model folder (as the reranker's): a fingerprint covers their bytes.
    public static func inputFiles(folder: URL) throws -> [String] { try Qwen3Reranker.inputFiles(folder: folder) }
}
