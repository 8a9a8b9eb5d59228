import Foundation

/// What a rerank server says it serves, for the model card: read from the same answers as the
/// fingerprint's identity (`ServerIdentity`), each fact only where the server reports it.
///
/// - text-embeddings-inference `GET /info`: `model_id`, `model_sha`, `model_dtype` (the type it
///   computes in), `max_input_length`.
/// - vLLM `GET /v1/models`: `id`, `max_model_len`; llama.cpp's adds `meta.n_params` and `meta.size`.
///   Of several models, the one the scorer asks for (`model:`), else the only one.
public struct ServedModel: Hashable, Sendable {
    public var id: String?
    public var revision: String?
    public var dtype: String?
    public var maxInputLength: Int?
    public var parameters: Int?
    public var bytes: Int?

    public init(id: String? = nil, revision: String? = nil, dtype: String? = nil, maxInputLength: Int? = nil,
                parameters: Int? = nil, bytes: Int? = nil) {
        self.id = id; self.revision = revision; self.dtype = dtype; self.maxInputLength = maxInputLength
        self.parameters = parameters; self.bytes = bytes
    }

    /// The facts of a server's answers (parsed JSON of `/info` and `/v1/models`, nil where there was none).
    static func read(info: Any?, models: Any?, requested: String) -> ServedModel {
        var served = ServedModel()
        if let info = info as? [String: Any] {
            served.id = info["model_id"] as? String
            served.revision = info["model_sha"] as? String
            served.dtype = info["model_dtype"] as? String
            served.maxInputLength = positive(info["max_input_length"])
        }
        if let list = (models as? [String: Any])?["data"] as? [[String: Any]] {
            let named = list.first { ($0["id"] as? String)?.lowercased() == requested.lowercased() && !requested.isEmpty }
            if let model = named ?? (list.count == 1 ? list.first : nil) {
                served.id = served.id ?? model["id"] as? String
                served.maxInputLength = served.maxInputLength ?? positive(model["max_model_len"])
                if let meta = model["meta"] as? [String: Any] {
                    served.parameters = positive(meta["n_params"])
                    served.bytes = positive(meta["size"])
                }
            }
        }
        return served
    }

    /// A whole number > 0 from JSON, else nil.
    private static func positive(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, let n = Int(exactly: number.doubleValue), n > 0 else { return nil }
        return n
    }
}
