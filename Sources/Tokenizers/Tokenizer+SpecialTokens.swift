/// A text with the special tokens tokenizer.json's `post_processor` adds, cut to a length as HF
/// tokenizers cut it: what `tokenizer(text, truncation=True, max_length=N)` gives. Qwen3-Embedding's
/// tokenizer.json appends `<|endoftext|>` this way, and its vector is read at that token.
public struct SpecialTokenEncoding: Sendable, Equatable {
    /// Ids with the special tokens, at most the max length.
    public var ids: [Int32]
    /// True when the text's own tokens were cut (from the end) to fit.
    public var truncated: Bool
    /// Ids the text would have, special tokens included, before any cut.
    public var fullLength: Int
}

extension Tokenizer {
    /// The ids of `encode(text)` with the post-processor's special tokens around them. With
    /// `maxLength`, the text's own tokens are cut from the end so that they and the special
    /// tokens fit (HF's `truncation=True`, `truncation_side="right"`); the special tokens are
    /// never cut. nil when `maxLength` leaves no room for a single text token.
    public func encodeWithSpecialTokens(_ text: String, maxLength: Int? = nil) -> SpecialTokenEncoding? {
        let added = singleTemplate.added(pair: false)
        let own = encode(text)
        var kept = own
        if let maxLength {
            guard maxLength - added >= 1 else { return nil }
            kept = Array(own.prefix(maxLength - added))
        }
        return SpecialTokenEncoding(ids: singleTemplate.apply(kept, nil).ids, truncated: kept.count < own.count,
                                    fullLength: own.count + added)
    }

    /// Special tokens the post-processor adds around a single text.
    public var specialTokensAdded: Int { singleTemplate.added(pair: false) }

    /// The single-text template of `post_processor`: TemplateProcessing or BertProcessing, also
    /// inside a Sequence; ByteLevel and none add nothing. RobertaProcessing (never seen with a
    /// byte-level BPE model this tokenizer loads) is read as adding nothing.
    static func template(_ json: JSONObject?) throws -> SpecialTokenTemplate {
        let none = try SpecialTokenTemplate.make(nil)
        guard let json else { return none }
        switch try json.type(supported: ["ByteLevel", "TemplateProcessing", "RobertaProcessing", "BertProcessing", "Sequence"]) {
        case "TemplateProcessing", "BertProcessing":
            return try SpecialTokenTemplate.make(json)
        case "Sequence":
            for (index, item) in try json.array("processors").enumerated() {
                let part = try template(JSONObject(any: item, path: json.fieldPath("processors[\(index)]")))
                if part != none { return part }
            }
            return none
        default:
            return none
        }
    }
}
