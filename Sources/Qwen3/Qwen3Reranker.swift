import Foundation
import Kernels

/// Settings of a native reranker.
public struct RerankerOptions: Sendable, Equatable {
    /// Longest prompt in tokens; the document (then query) tail is cut to fit. The README's 8192.
    public var maxLength: Int = 8192
    /// OpenBLAS threads (process-wide); nil leaves OpenBLAS's own choice.
    public var threads: Int?
    /// Most token rows stacked into one pass over the layers.
    public var batchRows: Int = 2048
    /// The linear layers' arithmetic: fp32, bf16, or auto (bf16 where the CPU has AVX512-BF16).
    public var precision: PrecisionSetting = .fp32

    public init(maxLength: Int = 8192, threads: Int? = nil, batchRows: Int = 2048, precision: PrecisionSetting = .fp32) {
        self.maxLength = maxLength; self.threads = threads; self.batchRows = batchRows; self.precision = precision
    }
}

/// The score of one document.
public struct RerankScore: Sendable, Equatable, Codable {
    /// P(yes) = sigmoid(logit), in [0, 1].
    public var score: Double
    /// logit_yes − logit_no at the prompt's last token.
    public var logit: Double
    /// Prompt tokens, template included.
    public var tokens: Int
    /// True when the prompt's body was cut to fit the max length.
    public var truncated: Bool
    /// Tokens the whole prompt has before any cut (equal to `tokens` unless truncated).
    public var fullTokens: Int

    public init(score: Double, logit: Double, tokens: Int, truncated: Bool, fullTokens: Int? = nil) {
        self.score = score; self.logit = logit; self.tokens = tokens; self.truncated = truncated
        self.fullTokens = fullTokens ?? tokens
    }
}

/// One query with its documents, as `Qwen3Reranker.score(batch:)` takes it. An empty
/// instruction means the default instruction.
public struct RerankRequest: Sendable, Hashable {
    public var instruction: String
    public var query: String
    public var documents: [String]
    public init(instruction: String, query: String, documents: [String]) {
        self.instruction = instruction; self.query = query; self.documents = documents
    }
}

extension Qwen3Tokenizer: PromptEncoder {}

/// Qwen3-Reranker (0.6B / 4B / 8B, or any Qwen3 checkpoint) run natively on the CPU in fp32 or bf16 with
/// the official transformers prompt. Loads a Hugging Face model folder: config.json,
/// tokenizer.json, model.safetensors or model.safetensors.index.json with shards.
/// `score` is safe to call from several threads; calls run one at a time.
public final class Qwen3Reranker: @unchecked Sendable {
    /// Bump when the prompt template or truncation changes: part of every cache fingerprint.
    public static let promptVersion = "qwen3-reranker-transformers-1"
    /// The instruction the official recipe uses when none is given.
    public static let defaultInstruction = RerankPrompt.defaultInstruction
    /// "yes" and "no" in the Qwen3 vocabulary.
    static let yesToken = "yes", noToken = "no"

    /// SHA-256 over config.json, the safetensors headers and sizes, and the tokenizer (size, template ids).
    public let identity: String
    public let config: Qwen3Config
    public let options: RerankerOptions
    /// The precision the linear layers run in on this CPU and the kernels that run it (the
    /// options' setting resolved): part of what made a score.
    public let arithmetic: ArithmeticDescription

    private let tokenizer: Qwen3Tokenizer
    private let prompt: RerankPrompt
    private let model: Qwen3Model
    private let lock = NSLock()

    public convenience init(folder: URL, options: RerankerOptions = RerankerOptions()) throws {
        try self.init(folder: folder, options: options, tokenizer: Qwen3Tokenizer(folder: folder))
    }

    /// With a tokenizer already loaded from this folder's tokenizer.json (tests share one).
    init(folder: URL, options: RerankerOptions, tokenizer: Qwen3Tokenizer) throws {
        let tokenizerURL = folder.appendingPathComponent("tokenizer.json")
        self.tokenizer = tokenizer
        let weights = try Qwen3Weights.load(folder: folder)
        config = weights.config
        guard let yes = tokenizer.tokenID(Qwen3Reranker.yesToken), let no = tokenizer.tokenID(Qwen3Reranker.noToken),
              Int(yes) < config.vocabSize, Int(no) < config.vocabSize else {
            throw Qwen3Error(file: tokenizerURL.path, "no 'yes'/'no' tokens inside the model's vocabulary of \(config.vocabSize)")
        }
        guard options.batchRows > 0 else { throw Qwen3Error(field: "batchRows", "must be positive") }
        prompt = try RerankPrompt(encoder: tokenizer, maxLength: options.maxLength)
        identity = try modelIdentity(folder: folder, checkpoint: weights.checkpoint,
                                 templateIDs: prompt.prefixIDs + prompt.suffixIDs)
        model = Qwen3Model(weights: weights, yes: Int(yes), no: Int(no), precision: options.precision)
        arithmetic = model.linearKernel.description
        self.options = options
        if let threads = options.threads { setBLASThreads(threads) }
    }

    /// Scores every document against the query, in input order. An empty instruction means the
    /// default instruction. Candidates share the prompt's common beginning (computed once, and the
    /// system text stays cached across calls) and run packed into large passes.
    public func score(instruction: String, query: String, documents: [String]) throws -> [RerankScore] {
        try score(instruction: instruction, query: query, documents: documents) { model, ids in
            model.logits(prompts: ids, batchRows: options.batchRows)
        }
    }

    /// The same scores by the plain path: every prompt alone, from position 0, nothing shared.
    /// Slower; the reference the fast path is checked against (`rerank-site bench --check`).
    public func scorePlain(instruction: String, query: String, documents: [String]) throws -> [RerankScore] {
        try score(instruction: instruction, query: query, documents: documents) { model, ids in
            model.logitsOneByOne(prompts: ids)
        }
    }

    /// Time and work of the forward passes since the last `resetStatistics()`.
    public var statistics: ForwardStatistics {
        lock.lock()
        defer { lock.unlock() }
        return model.statistics
    }

    public func resetStatistics() {
        lock.lock()
        model.statistics = ForwardStatistics()
        lock.unlock()
    }

    /// Scores several requests (each a query with its documents) in shared passes: what the API
    /// server's batcher and the build hand the engine. A request whose own tokens (after the
    /// beginning its prompts share, query included) fill at least half a pass runs alone, so its
    /// documents keep sharing their query's keys and values; the smaller ones are packed together
    /// into passes of up to `batchRows` rows that share the beginning all their prompts have in
    /// common (the system text, and the instruction where it is the same), and in which each
    /// request's own common beginning (its query) is computed once for its documents, so many small
    /// requests cost about what one large request does instead of a pass each. Every score equals scoring
    /// its request alone to float32 rounding: the sums are the same, their grouping into GEMM
    /// blocks is not. One array per request, in order.
    public func score(batch: [RerankRequest]) throws -> [[RerankScore]] {
        let prompts = try batch.map { try cutPrompts(instruction: $0.instruction, query: $0.query, documents: $0.documents) }
        var solo: [Int] = [], packed: [Int] = []
        for (r, request) in prompts.enumerated() where !request.isEmpty {
            let ids = request.map(\.ids)
            let own = ids.reduce(0) { $0 + $1.count } - ids.count * Qwen3Model.sharedPrefixLength(of: ids)
            if 2 * own >= options.batchRows { solo.append(r) } else { packed.append(r) }
        }
        if packed.count == 1 { solo.insert(packed.removeFirst(), at: 0) }
        var logits = prompts.map { [Double](repeating: 0, count: $0.count) }
        lock.lock()
        if !packed.isEmpty {
            let values = model.logits(groups: packed.map { prompts[$0].map(\.ids) }, batchRows: options.batchRows)
            var next = values.startIndex
            for r in packed {
                logits[r] = Array(values[next..<(next + prompts[r].count)])
                next += prompts[r].count
            }
        }
        for r in solo { logits[r] = model.logits(prompts: prompts[r].map(\.ids), batchRows: options.batchRows) }
        lock.unlock()
        return zip(prompts, logits).map { Qwen3Reranker.scores($0, $1) }
    }

    private func score(instruction: String, query: String, documents: [String],
                       using logits: (Qwen3Model, [[Int32]]) -> [Double]) throws -> [RerankScore] {
        let prompts = try cutPrompts(instruction: instruction, query: query, documents: documents)
        lock.lock()
        let values = logits(model, prompts.map(\.ids))
        lock.unlock()
        return Qwen3Reranker.scores(prompts, values)
    }

    private typealias CutPrompt = (ids: [Int32], truncated: Bool, fullLength: Int)

    /// Each document's prompt, cut to the max length, with its ids checked against the vocabulary.
    private func cutPrompts(instruction: String, query: String, documents: [String]) throws -> [CutPrompt] {
        let prompts = documents.map { prompt.cut(instruction: instruction, query: query, document: $0, encoder: tokenizer) }
        for p in prompts {
            if let bad = p.ids.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
                throw Qwen3Error(field: "tokenize", "token id \(bad) is outside the model's vocabulary of \(config.vocabSize)")
            }
        }
        return prompts
    }

    private static func scores(_ prompts: [CutPrompt], _ logits: [Double]) -> [RerankScore] {
        zip(prompts, logits).map { p, logit in
            RerankScore(score: 1 / (1 + exp(-logit)), logit: logit, tokens: p.ids.count, truncated: p.truncated,
                        fullTokens: p.fullLength)
        }
    }

    /// The tokenizer's ids for a text (no special tokens added; special tokens in the text parsed).
    public func tokenize(_ text: String) -> [Int32] { tokenizer.encode(text) }

    /// The full prompt ids the reranker would run for one document, and whether it was cut.
    public func promptIDs(instruction: String, query: String, document: String) -> (ids: [Int32], truncated: Bool) {
        prompt.ids(instruction: instruction, query: query, document: document, encoder: tokenizer)
    }
}
