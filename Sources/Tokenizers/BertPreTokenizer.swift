/// tokenizer.json `pre_tokenizer` of type BertPreTokenizer (HF pre_tokenizers/bert.rs): split on
/// whitespace, which is dropped, then isolate each punctuation scalar (ASCII punctuation and the
/// Unicode P* categories) as a word of its own.
enum BertPreTokenizer {
    /// Checks that `pre_tokenizer` is a BertPreTokenizer (alone or as the only step of a Sequence).
    static func validate(_ json: JSONObject?) throws {
        guard let json else {
            throw TokenizerError(field: "pre_tokenizer", "null is not supported (expected BertPreTokenizer)")
        }
        if try json.type(supported: ["BertPreTokenizer", "Sequence"]) == "Sequence" {
            let steps = try json.array("pretokenizers")
            guard steps.count == 1 else {
                throw TokenizerError(field: json.fieldPath("pretokenizers"), "expected exactly one BertPreTokenizer")
            }
            try validate(JSONObject(any: steps[0], path: json.fieldPath("pretokenizers[0]")))
        }
    }

    /// Calls `body` with each word's range in `scalars`, in order.
    static func split(_ scalars: [Unicode.Scalar], _ body: (Range<Int>) -> Void) {
        var start: Int? = nil
        for (i, scalar) in scalars.enumerated() {
            if isWhitespace(scalar) {
                if let s = start { body(s..<i); start = nil }
            } else if isPunctuation(scalar) {
                if let s = start { body(s..<i); start = nil }
                body(i..<(i + 1))
            } else if start == nil {
                start = i
            }
        }
        if let s = start { body(s..<scalars.count) }
    }

    /// Rust's `char::is_whitespace`: the White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
    }

    /// ASCII punctuation (symbols such as `$`, `+`, `^` included) or a Unicode punctuation category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 {
            return (0x21...0x2F).contains(v) || (0x3A...0x40).contains(v) || (0x5B...0x60).contains(v) || (0x7B...0x7E).contains(v)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
