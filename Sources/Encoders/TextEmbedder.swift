import Foundation
import Kernels

/// A model that turns texts into vectors for `kind: embedding`: score = cosine of the query's and
/// the document's vectors. Documents are embedded as written; the query goes through `queryText`,
/// which adds the instruction only for models trained with one.
public protocol TextEmbedder: AnyObject, Sendable {
    /// Embeds the texts in order.
    func embed(_ texts: [String]) throws -> [Embedding]
    /// The text embedded for a query under an instruction.
    func queryText(instruction: String, query: String) -> String
    /// True when `queryText` depends on the instruction.
    var usesInstruction: Bool { get }
    /// Everything besides the weights that changes a vector (pooling, max length, prompt format),
    /// for score-cache fingerprints.
    var settingsIdentity: String { get }
}

extension BertEmbedder: TextEmbedder {
    /// BERT sentence encoders (all-MiniLM and the like) embed the query as written.
    public func queryText(instruction: String, query: String) -> String { query }
    public var usesInstruction: Bool { false }
    public var settingsIdentity: String {
        Self.settingsIdentity(layout: layout, maxLength: maxLength, precision: arithmetic.resolved)
    }
}

/// The embedding model in a folder, by config.json's `model_type`: bert and xlm-roberta →
/// `BertEmbedder`, qwen3 → Qwen3-Embedding (`Qwen3TextEmbedder`). `precision` applies to all.
public enum EmbedderLoader {
    public static func load(folder: URL, maxLength: Int? = nil, precision: PrecisionSetting = .fp32) throws -> TextEmbedder {
        let type = try modelType(folder: folder)
        switch type {
        case "bert", "xlm-roberta": return try BertEmbedder(folder: folder, maxLength: maxLength, precision: precision)
        case "qwen3": return try Qwen3TextEmbedder(folder: folder, maxLength: maxLength, precision: precision)
        default: throw unsupported(type, folder: folder)
        }
    }

    /// True when the folder holds a model this module embeds with (`ModelKind.detect` says embedding).
    public static func isEmbeddingModel(folder: URL) -> Bool {
        (try? ModelKind.detect(folder: folder)) == .embedding
    }

    /// What the model is (its card's facts, the settings identity, whether the query carries the
    /// instruction), without loading weights.
    public static func describe(folder: URL, maxLength: Int?, precision: PrecisionSetting = .fp32) throws -> EncoderDescription {
        let type = try modelType(folder: folder)
        switch type {
        case "bert", "xlm-roberta": return try BertEmbedder.describe(folder: folder, maxLength: maxLength, precision: precision)
        case "qwen3": return try Qwen3TextEmbedder.describe(folder: folder, maxLength: maxLength, precision: precision)
        default: throw unsupported(type, folder: folder)
        }
    }

    /// The files whose bytes the vectors depend on, relative to the folder, sorted.
    public static func inputFiles(folder: URL) throws -> [String] {
        let type = try modelType(folder: folder)
        switch type {
        case "bert", "xlm-roberta": return try BertEmbedder.inputFiles(folder: folder)
        case "qwen3": return try Qwen3TextEmbedder.inputFiles(folder: folder)
        default: throw unsupported(type, folder: folder)
        }
    }

    private static func unsupported(_ type: String, folder: URL) -> EncoderError {
        EncoderError(file: folder.appendingPathComponent("config.json").path, field: "model_type",
                     "'\(type)' is not supported for embeddings (bert, xlm-roberta, qwen3)")
    }

    /// config.json's model_type (in the Transformer module's folder).
    public static func modelType(folder: URL) throws -> String {
        let layout = try SentenceTransformerLayout.load(folder: folder)
        let url = folder.appendingPathComponent(layout.transformerPath).appendingPathComponent("config.json")
        guard let object = try SentenceTransformerLayout.readJSON(url) as? [String: Any] else {
            throw EncoderError(file: url.path, "expected an object")
        }
        guard let type = object["model_type"] as? String else { throw EncoderError(file: url.path, field: "model_type", "missing") }
        return type
    }
}

/// cos(a, b), accumulated in Double: the score of `kind: embedding`. 0 when either vector is zero.
public func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y); na += Double(x) * Double(x); nb += Double(y) * Double(y)
    }
    let norm = (na * nb).squareRoot()
    return norm > 0 ? dot / norm : 0
}
