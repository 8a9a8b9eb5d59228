import Foundation

/// tokenizer.json `model` of type WordPiece (HF models/wordpiece): each word is split greedily into
/// the longest vocabulary entries from the left, pieces after the first spelled with the
/// continuation prefix (`##`); a word with a part no entry covers, or longer than
/// `max_input_chars_per_word` scalars, becomes the single unknown token.
struct WordPieceModel: Sendable {
    private let starts: TokenTable        // entries without the prefix
    private let continuations: TokenTable // entries that begin with the prefix, stored without it
    let unknownID: Int32
    let maxInputCharsPerWord: Int
    let tokenStrings: [String?]           // [maxID + 1] id → entry as written
    var count: Int { starts.count + continuations.count }
    var maxID: Int32 { Int32(tokenStrings.count - 1) }

    init(_ json: JSONObject) throws {
        _ = try json.type(supported: ["WordPiece"])
        let prefix = try json.isNull("continuing_subword_prefix") ? "##" : json.string("continuing_subword_prefix")
        let unknown = try json.string("unk_token")
        maxInputCharsPerWord = json.isNull("max_input_chars_per_word") ? 100 : try json.int("max_input_chars_per_word")
        guard let vocab = json.values["vocab"] as? [String: Any] else {
            throw TokenizerError(field: json.fieldPath("vocab"), "expected an object of token → id")
        }
        var starts = TokenTable(expectedCount: vocab.count)
        var continuations = TokenTable(expectedCount: vocab.count / 4)
        var strings: [String?] = []
        for (token, value) in vocab {
            guard let number = value as? NSNumber, let id = Int32(exactly: number.doubleValue), id >= 0 else {
                throw TokenizerError(field: json.fieldPath("vocab"), "id of '\(token)' is not a non-negative integer")
            }
            // Bytes, not Characters: "##" + a combining mark is one Character, so hasPrefix would miss it.
            if !prefix.isEmpty, token.utf8.starts(with: prefix.utf8), token.utf8.count > prefix.utf8.count {
                continuations.insert(token.utf8.dropFirst(prefix.utf8.count), id: id)
            } else {
                starts.insert(token.utf8, id: id)
            }
            if Int(id) >= strings.count { strings += Array(repeating: nil, count: Int(id) + 1 - strings.count) }
            strings[Int(id)] = token
        }
        guard let unknownID = starts.id(of: unknown.utf8) ?? continuations.id(of: unknown.utf8) else {
            throw TokenizerError(field: json.fieldPath("unk_token"), "'\(unknown)' is not in the vocabulary")
        }
        self.starts = starts
        self.continuations = continuations
        self.unknownID = unknownID
        tokenStrings = strings
    }

    /// Id of an entry as written in the vocabulary ("hello", "##lo").
    func id(of token: String, prefix: String = "##") -> Int32? {
        if let id = starts.id(of: token.utf8) { return id }
        if token.utf8.starts(with: prefix.utf8) { return continuations.id(of: token.utf8.dropFirst(prefix.utf8.count)) }
        return nil
    }

    /// Appends the pieces of one word (non-empty) to `out`.
    func encode(word: ArraySlice<Unicode.Scalar>, into out: inout [Int32]) {
        if word.count > maxInputCharsPerWord {
            out.append(unknownID)
            return
        }
        var bytes: [UInt8] = []
        var boundaries: [Int] = [0]   // byte offset after each scalar
        for scalar in word {
            UTF8.encode(scalar, into: { bytes.append($0) })
            boundaries.append(bytes.count)
        }
        let mark = out.count
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0                 // index into boundaries
            while start < word.count {
                var end = word.count
                var found: Int32? = nil
                while start < end {
                    let piece = UnsafeBufferPointer(rebasing: buffer[boundaries[start]..<boundaries[end]])
                    found = start == 0 ? starts.id(of: piece) : continuations.id(of: piece)
                    if found != nil { break }
                    end -= 1
                }
                guard let id = found else {
                    out.removeSubrange(mark...)
                    out.append(unknownID)
                    return
                }
                out.append(id)
                start = end
            }
        }
    }
}
