/// tokenizer.json `added_tokens`: tokens matched in the text before anything else, as HF's
/// AddedVocabulary does: leftmost-longest matching, the matched token becomes its id and the text
/// between matches goes on to normalization, pre-tokenization and BPE. Tokens with
/// `normalized: false` are matched in the raw text, the others in the normalized text. A token with
/// `lstrip` (XLM-RoBERTa's `<mask>`) also takes the whitespace before it, one with `rstrip` the
/// whitespace after it.
struct AddedToken {
    var id: Int32
    var content: String
    var special: Bool
    var normalized: Bool
    var lstrip = false
    var rstrip = false

    /// Reads `added_tokens[index]`. single_word changes where a token may match; it is not
    /// implemented, so a token that sets it is refused.
    init(_ json: JSONObject) throws {
        let id = try json.int("id")
        guard let id32 = Int32(exactly: id), id32 >= 0 else {
            throw TokenizerError(field: json.fieldPath("id"), "id \(id) is out of range")
        }
        self.id = id32
        content = try json.string("content")
        guard !content.isEmpty else {
            throw TokenizerError(field: json.fieldPath("content"), "an added token may not be empty")
        }
        special = try json.bool("special", default: false)
        normalized = try json.bool("normalized", default: !special)
        lstrip = try json.bool("lstrip", default: false)
        rstrip = try json.bool("rstrip", default: false)
        if try json.bool("single_word", default: false) {
            throw TokenizerError(field: json.fieldPath("single_word"), "single_word true is not supported")
        }
    }
}

/// Finds added tokens in UTF-8 text, leftmost first and, among those starting at the same place,
/// the longest.
struct AddedTokenMatcher {
    private let contents: [[UInt8]]
    private let ids: [Int32]
    private let strips: [(left: Bool, right: Bool)]
    private let byFirstByte: [[Int32]]   // [256] indices into contents, longest first

    init(_ tokens: [AddedToken]) {
        let contents = tokens.map { Array($0.content.utf8) }
        var table = [[Int32]](repeating: [], count: 256)
        for (index, bytes) in contents.enumerated() { table[Int(bytes[0])].append(Int32(index)) }
        for b in 0..<256 {
            // Longest first; the earlier token first among equal lengths (identical contents).
            table[b].sort { (contents[Int($0)].count, -$0) > (contents[Int($1)].count, -$1) }
        }
        self.contents = contents
        ids = tokens.map(\.id)
        strips = tokens.map { ($0.lstrip, $0.rstrip) }
        byFirstByte = table
    }

    var isEmpty: Bool { contents.isEmpty }

    /// Calls `body` for each part of the text in order: (range, nil) for text between tokens
    /// (never empty), (range, id) for a matched token.
    func split(_ text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int32?) -> Void) {
        if contents.isEmpty {
            if !text.isEmpty { body(0..<text.count, nil) }
            return
        }
        var segmentStart = 0
        var i = 0
        while i < text.count {
            if let index = match(text, at: i) {
                var start = i, end = i + contents[index].count
                if strips[index].left {
                    while start > segmentStart, let (scalar, length) = UTF8Scalars.before(text, start, floor: segmentStart),
                          scalar.properties.isWhitespace { start -= length }
                }
                if strips[index].right {
                    while let (scalar, length) = UTF8Scalars.at(text, end), scalar.properties.isWhitespace { end += length }
                }
                if segmentStart < start { body(segmentStart..<start, nil) }
                body(start..<end, ids[index])
                i = end
                segmentStart = end
            } else {
                i += 1
            }
        }
        if segmentStart < text.count { body(segmentStart..<text.count, nil) }
    }

    @inline(__always)
    private func match(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let candidates = byFirstByte[Int(text[i])]
        if candidates.isEmpty { return nil }
        for candidate in candidates {
            let bytes = contents[Int(candidate)]
            if bytes.count > text.count - i { continue }
            var k = 1
            while k < bytes.count, bytes[k] == text[i + k] { k += 1 }
            if k == bytes.count { return Int(candidate) }
        }
        return nil
    }
}
