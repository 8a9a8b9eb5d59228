/// tokenizer.json `pre_tokenizer` of SentencePiece-converted tokenizers: `Metaspace` alone, or
/// `Sequence[WhitespaceSplit, Metaspace]` (what transformers 5 writes for XLM-RoBERTa).
/// WhitespaceSplit cuts at White_Space scalars and drops them; Metaspace turns each space into the
/// replacement ("▁"), puts one in front of a piece that does not start with it (prepend_scheme
/// `always`; `first`: only in front of the text's first piece; `never`), and with `split` cuts
/// before every replacement, as HF's MergedWithNext does. Empty pieces are dropped.
struct Metaspace: Sendable {
    enum Prepend: String, Sendable { case always, first, never }
    let whitespaceSplit: Bool
    let replacement: Unicode.Scalar
    let prepend: Prepend
    let split: Bool

    init(_ json: JSONObject?) throws {
        guard let json else { throw TokenizerError(field: "pre_tokenizer", "null is not supported (expected Metaspace)") }
        var steps: [JSONObject] = []
        let supported = ["Metaspace", "WhitespaceSplit", "Sequence"]
        func flatten(_ json: JSONObject) throws {
            if try json.type(supported: supported) == "Sequence" {
                for (index, item) in try json.array("pretokenizers").enumerated() {
                    try flatten(JSONObject(any: item, path: json.fieldPath("pretokenizers[\(index)]")))
                }
            } else {
                steps.append(json)
            }
        }
        try flatten(json)
        let types = try steps.map { try $0.type(supported: supported) }
        guard types == ["Metaspace"] || types == ["WhitespaceSplit", "Metaspace"] else {
            throw TokenizerError(field: json.path.isEmpty ? "pre_tokenizer" : json.path,
                                 "expected Metaspace or Sequence[WhitespaceSplit, Metaspace], got \(types.isEmpty ? "nothing" : types.joined(separator: ", "))")
        }
        whitespaceSplit = types.count == 2
        let meta = steps[types.count - 1]
        let symbol = try meta.string("replacement")
        guard symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first else {
            throw TokenizerError(field: meta.fieldPath("replacement"), "expected one character, got \"\(symbol)\"")
        }
        replacement = scalar
        if let scheme = try meta.optionalString("prepend_scheme") {
            guard let p = Prepend(rawValue: scheme) else {
                throw TokenizerError(field: meta.fieldPath("prepend_scheme"), "\"\(scheme)\" is not supported (always, first, never)")
            }
            prepend = p
        } else {
            // Files written before prepend_scheme existed say add_prefix_space.
            prepend = try meta.bool("add_prefix_space", default: true) ? .always : .never
        }
        split = try meta.bool("split", default: true)
    }

    /// The pieces of a normalized text; `atStart`: the text begins the input (for `first`).
    func pieces(_ text: String, atStart: Bool) -> [String.UnicodeScalarView] {
        var out: [String.UnicodeScalarView] = []
        var words: [(Substring.UnicodeScalarView, Bool)] = []
        if whitespaceSplit {
            let scalars = Substring(text).unicodeScalars
            var start: Substring.UnicodeScalarView.Index? = nil
            var index = scalars.startIndex
            while index < scalars.endIndex {
                if scalars[index].properties.isWhitespace {
                    if let s = start { words.append((scalars[s..<index], atStart && s == scalars.startIndex)); start = nil }
                } else if start == nil {
                    start = index
                }
                index = scalars.index(after: index)
            }
            if let s = start { words.append((scalars[s..<scalars.endIndex], atStart && s == scalars.startIndex)) }
        } else {
            words = [(Substring(text).unicodeScalars, atStart)]
        }
        for (word, first) in words {
            var piece = String.UnicodeScalarView()
            for s in word { piece.append(s == " " ? replacement : s) }
            if piece.isEmpty { continue }
            if piece.first != replacement, prepend == .always || (prepend == .first && first) {
                piece.insert(replacement, at: piece.startIndex)
            }
            guard split else { out.append(piece); continue }
            var current = String.UnicodeScalarView()
            for s in piece {
                if s == replacement, !current.isEmpty { out.append(current); current = String.UnicodeScalarView() }
                current.append(s)
            }
            if !current.isEmpty { out.append(current) }
        }
        return out
    }
}
