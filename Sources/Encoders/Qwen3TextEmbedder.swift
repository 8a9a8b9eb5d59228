import Checkpoints
import Foundation
import Kernels
import Qwen3

/// Qwen3-Embedding (`Qwen3Embedder`, on the Qwen3 engine) as a `TextEmbedder`: the query carries
/// the instruction (`Instruct: {instruction}\nQuery:{query}`), documents are embedded as written.
public final class Qwen3TextEmbedder: TextEmbedder, @unchecked Sendable {
    public let embedder: Qwen3Embedder

    public init(folder: URL, maxLength: Int?, precision: PrecisionSetting) throws {
        try Qwen3TextEmbedder.checkLayout(folder: folder)
        embedder = try Qwen3Embedder(folder: folder, options: EmbedderOptions(maxLength: maxLength ?? EmbedderOptions().maxLength,
                                                                              precision: precision))
    }

    public func embed(_ texts: [String]) throws -> [Embedding] {
        let special = embedder.specialTokens
        return try embedder.embed(texts).map {
            Embedding(vector: $0.vector, tokens: max($0.fullTokens - special, 0), truncated: $0.truncated)
        }
    }

    public func queryText(instruction: String, query: String) -> String {
        Qwen3Embedder.queryText(instruction: instruction, query: query)
    }

    public var usesInstruction: Bool { true }

    public var settingsIdentity: String {
        Self.settingsIdentity(maxLength: embedder.options.maxLength, precision: embedder.arithmetic.resolved)
    }

    /// What besides the weights makes a vector: the prompt format version, the pooling, the max
    /// length, and the precision when it is not fp32 (with bf16's attention, as the reranker's).
    static func settingsIdentity(maxLength: Int, precision: Precision) -> String {
        "qwen3-embedding|prompt=\(Qwen3Embedder.promptVersion)|pooling=lasttoken,normalize|max_length=\(maxLength)"
            + (precision == .fp32 ? "" : "|precision=\(precision.rawValue)|attention=\(AttentionKernels.bf16Version)")
    }

    /// The files whose bytes the vectors depend on, sorted: the engine's and the layout's.
    static func inputFiles(folder: URL) throws -> [String] {
        let layout = try SentenceTransformerLayout.load(folder: folder)
        return try Array(Set(Qwen3Embedder.inputFiles(folder: folder) + layout.files)).sorted()
    }

    /// How the query carries the instruction (newline written `\n`): the model card's format.
    public static let queryFormat = #"Instruct: {instruction}\nQuery:{query}"#

    /// The model card's facts of a Qwen3-Embedding folder, without loading the weights.
    static func describe(folder: URL, maxLength: Int?, precision: PrecisionSetting) throws -> EncoderDescription {
        try checkLayout(folder: folder)
        let url = folder.appendingPathComponent("config.json")
        let config: Qwen3Config
        do { config = try Qwen3Config.load(from: url) } catch { throw EncoderError(file: url.path, "\(error)") }
        let limit = maxLength ?? EmbedderOptions().maxLength
        let arithmetic = ArithmeticDescription(resolving: precision)
        return EncoderDescription(
            architecture: "Qwen3 decoder, \(config.numHiddenLayers) layers, \(config.hiddenSize) wide, "
                + "\(config.numAttentionHeads) heads (\(config.numKeyValueHeads) key/value)",
            weights: try? CheckpointFacts(folder: folder),
            precision: arithmetic.precision, maxLength: limit,
            tokenizer: TokenizerFacts(kind: "byte-level BPE", vocabularySize: config.vocabSize, lowercased: nil),
            head: .pooled(.lastToken, normalized: true), query: .template(queryFormat),
            settingsIdentity: settingsIdentity(maxLength: limit, precision: arithmetic.resolved))
    }

    /// A sentence-transformers layout in the folder must say what the Qwen3-Embedding recipe does
    /// (last-token pooling, then Normalize); a plain transformers folder is read by the recipe.
    static func checkLayout(folder: URL) throws {
        let layout = try SentenceTransformerLayout.load(folder: folder)
        guard layout.hasModules else { return }
        let modules = folder.appendingPathComponent("modules.json").path
        guard layout.transformerPath.isEmpty else {
            throw EncoderError(file: modules, "the Qwen3 model must be in the folder itself, not in '\(layout.transformerPath)'")
        }
        guard layout.poolingPath != nil, layout.pooling == .lastToken else {
            throw EncoderError(file: modules, field: "Pooling",
                               "a Qwen3 embedding model is read at its last token (pooling_mode_lasttoken); this folder says \(layout.pooling.rawValue)")
        }
        guard layout.normalize else {
            throw EncoderError(file: modules, field: "Normalize", "a Qwen3 embedding model's vectors are normalised; this folder has no Normalize module")
        }
    }
}

/// What a model folder holds, for commands that take any model (`score`, `serve-api`), read from
/// config.json without loading weights.
public enum ModelKind: String, Sendable, Equatable, CaseIterable {
    /// Qwen3-Reranker (yes/no logit).
    case qwen3Reranker = "qwen3-reranker"
    /// An embedding model, scored by cosine: BERT-family sentence encoders or Qwen3-Embedding.
    case embedding
    /// A BERT or XLM-RoBERTa sequence-classification reranker.
    case crossEncoder = "cross-encoder"

    /// The kind by config.json: `model_type` qwen3 is Qwen3-Embedding when its architectures say
    /// `Qwen3Model` (no head), the folder's sentence-transformers layout pools the last token, or its
    /// name contains `qwen3-embedding`
    /// (case-insensitively: the folder's own name, or the hub cache's `models--…` folder), else Qwen3-Reranker; `model_type` bert
    /// or xlm-roberta is a cross-encoder when its architectures name a `…ForSequenceClassification`,
    /// else an embedding model. Anything else is an error naming the file and field.
    public static func detect(folder: URL) throws -> ModelKind {
        let url = folder.appendingPathComponent("config.json")
        if !FileManager.default.fileExists(atPath: url.path),
           let type = try? EmbedderLoader.modelType(folder: folder), type == "bert" || type == "xlm-roberta" {
            return .embedding   // a sentence-transformers folder with its Transformer module in a subfolder
        }
        guard let object = try SentenceTransformerLayout.readJSON(url) as? [String: Any] else {
            throw EncoderError(file: url.path, "expected an object")
        }
        let type = (object["model_type"] as? String) ?? ""
        let architectures = (object["architectures"] as? [String]) ?? []
        switch type {
        case "qwen3":
            // The folder's own name, or the hub cache's `models--Qwen--Qwen3-Embedding-0.6B` above a snapshot.
            let components = folder.standardizedFileURL.pathComponents.map { $0.lowercased() }
            let named = components.enumerated().contains { i, c in
                c.contains("qwen3-embedding") && (i == components.count - 1 || c.hasPrefix("models--"))
            }
            let pooled = (try? SentenceTransformerLayout.load(folder: folder)).map { $0.hasModules && $0.pooling == .lastToken } ?? false
            // A bare `Qwen3Model` (no language-model head) cannot be a reranker.
            let bare = architectures.contains("Qwen3Model")
            return named || pooled || bare ? .embedding : .qwen3Reranker
        case "bert", "xlm-roberta":
            return architectures.contains { $0.hasSuffix("ForSequenceClassification") } ? .crossEncoder : .embedding
        default:
            throw EncoderError(file: url.path, field: "model_type",
                               "'\(type)' is not a model this tool runs (qwen3: reranker or embedding; bert, xlm-roberta: embedding or cross-encoder)")
        }
    }
}
