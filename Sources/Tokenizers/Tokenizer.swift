import Foundation

/// A byte-level BPE tokenizer (Qwen2/Qwen3) built from tokenizer.json, giving the ids of HF
/// tokenizers' `encode(text, add_special_tokens=False)`:
/// added tokens are matched in the raw text first, the rest is normalized (NFC), split by the
/// Qwen2 regex, mapped to bytes and merged by rank. Immutable after init apart from the word
/// cache, which is locked, so one instance may be shared by any number of threads.
public final class Tokenizer: @unchecked Sendable {
    private let normalizer: [Normalizer.Form]
    private let model: BPEModel
    private let rawAdded: AddedTokenMatcher          // added tokens with normalized false
    private let normalizedAdded: AddedTokenMatcher   // added tokens with normalized true
    private let addedByContent: [String: Int32]
    private let addedByID: [Int32: String]
    private let decodeBytes: [[UInt8]]               // [maxID + 1] bytes each vocab id decodes to
    private let cache = WordCache(capacity: 50_000)
    /// The special tokens `post_processor` puts around a single text (see `encodeWithSpecialTokens`).
    let singleTemplate: SpecialTokenTemplate

    /// Number of distinct tokens, vocabulary and added tokens together (HF's
    /// `get_vocab_size(with_added_tokens=True)`); 151669 for Qwen3.
    public let vocabularySize: Int

    /// Builds the tokenizer from the contents of a tokenizer.json.
    public init(json: Data) throws {
        let root = try JSONObject.root(json)
        for key in ["truncation", "padding"] where !root.isNull(key) {
            throw TokenizerError(field: key, "must be null (\(key) is not supported)")
        }
        normalizer = try Normalizer.make(root.optionalObject("normalizer"))
        try PreTokenizer.validate(root.optionalObject("pre_tokenizer"))
        try Self.validatePostProcessor(root.optionalObject("post_processor"))
        singleTemplate = try Self.template(root.optionalObject("post_processor"))
        try Self.validateDecoder(root.optionalObject("decoder"))
        model = try BPEModel(root.object("model"))

        let added = try JSONObject.addedTokens(root)
        rawAdded = AddedTokenMatcher(added.filter { !$0.normalized })
        normalizedAdded = AddedTokenMatcher(added.filter { $0.normalized })
        var byContent: [String: Int32] = [:]
        var byID: [Int32: String] = [:]
        var extra = Set<String>()   // added contents that are not vocabulary entries
        for token in added {
            byContent[token.content] = token.id
            byID[token.id] = token.content
            if model.vocab.id(of: token.content.utf8) == nil { extra.insert(token.content) }
        }
        addedByContent = byContent
        addedByID = byID
        vocabularySize = model.vocab.count + extra.count
        decodeBytes = model.tokenStrings.map { token in
            guard let token else { return [] }
            return ByteLevel.bytes(of: token) ?? Array(token.utf8)
        }
    }

    /// Reads a tokenizer.json file.
    public convenience init(contentsOf url: URL) throws {
        let data = try JSONObject.read(url)
        do {
            try self.init(json: data)
        } catch let error as TokenizerError {
            throw error.inFile(url.path)
        }
    }

    /// Token ids of the text, like HF `encode(text, add_special_tokens=False)`: added and special
    /// tokens written in the text become their ids, nothing is added around it.
    public func encode(_ text: String) -> [Int32] {
        var text = text
        return text.withUTF8 { encode(utf8: $0) }
    }

    /// Token ids of UTF-8 text (which must be valid UTF-8).
    func encode(utf8 text: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.count / 3 + 1)
        var splitScratch = Qwen2Splitter.Scratch()
        var bpeScratch = BPEModel.Scratch()
        rawAdded.split(text) { range, addedID in
            if let addedID {
                out.append(addedID)
                return
            }
            let segment = UnsafeBufferPointer(rebasing: text[range])
            if let normalized = Normalizer.apply(normalizer, to: segment) {
                normalized.withUnsafeBufferPointer {
                    encodeNormalized($0, into: &out, splitScratch: &splitScratch, bpeScratch: &bpeScratch)
                }
            } else {
                encodeNormalized(segment, into: &out, splitScratch: &splitScratch, bpeScratch: &bpeScratch)
            }
        }
        return out
    }

    /// The text as the pre-tokenizer sees it: normalized between the raw added tokens
    /// (decode(encode(text)) gives this back).
    func normalizedText(_ text: String) -> String {
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { bytes in
            rawAdded.split(bytes) { range, addedID in
                let segment = UnsafeBufferPointer(rebasing: bytes[range])
                if addedID == nil, let normalized = Normalizer.apply(normalizer, to: segment) {
                    out += normalized
                } else {
                    out += segment
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func encodeNormalized(_ text: UnsafeBufferPointer<UInt8>, into out: inout [Int32],
                                  splitScratch: inout Qwen2Splitter.Scratch, bpeScratch: inout BPEModel.Scratch) {
        normalizedAdded.split(text) { range, addedID in
            if let addedID {
                out.append(addedID)
                return
            }
            let segment = UnsafeBufferPointer(rebasing: text[range])
            Qwen2Splitter.split(segment, scratch: &splitScratch) { pieceRange in
                encodePiece(UnsafeBufferPointer(rebasing: segment[pieceRange]), into: &out, scratch: &bpeScratch)
            }
        }
    }

    /// Pieces of up to 3 bytes are cheaper to merge than to look up; longer ones go via the cache.
    private func encodePiece(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [Int32],
                             scratch: inout BPEModel.Scratch) {
        if piece.count <= 3 || piece.count > 256 {
            model.encode(piece, into: &out, scratch: &scratch)
            return
        }
        if let hit = cache.lookup(piece) {
            out.append(contentsOf: hit)
            return
        }
        let start = out.count
        model.encode(piece, into: &out, scratch: &scratch)
        cache.store(piece, out[start...])
    }

    /// Text of the ids, like HF `decode(ids, skip_special_tokens=False)` with the ByteLevel
    /// decoder: added tokens are written as they are, the bytes of the other tokens between them
    /// are decoded as UTF-8 with invalid sequences replaced by U+FFFD; unknown ids are skipped.
    public func decode(_ ids: [Int32]) -> String {
        var result = ""
        var chunk: [UInt8] = []
        for id in ids {
            if let content = addedByID[id] {
                result += String(decoding: chunk, as: UTF8.self)
                chunk.removeAll(keepingCapacity: true)
                result += content
            } else if id >= 0, Int(id) < decodeBytes.count {
                chunk.append(contentsOf: decodeBytes[Int(id)])
            }
        }
        result += String(decoding: chunk, as: UTF8.self)
        return result
    }

    /// Id of a token as written in tokenizer.json: an added token's content ("<|im_end|>") or a
    /// vocabulary entry in the byte-level alphabet ("yes", "Ġthe" for " the").
    public func tokenID(_ token: String) -> Int32? {
        if let id = addedByContent[token] { return id }
        return model.vocab.id(of: token.utf8)
    }

    /// The decoder must be ByteLevel (the only byte-level BPE decoder).
    private static func validateDecoder(_ json: JSONObject?) throws {
        guard let json else {
            throw TokenizerError(field: "decoder", "null is not supported (expected ByteLevel)")
        }
        _ = try json.type(supported: ["ByteLevel"])
    }

    /// Post-processors only add special tokens (not done here: add_special_tokens=False) or fix
    /// offsets; the ones known to do only that are accepted.
    private static func validatePostProcessor(_ json: JSONObject?) throws {
        guard let json else { return }
        let supported = ["ByteLevel", "TemplateProcessing", "RobertaProcessing", "BertProcessing", "Sequence"]
        if try json.type(supported: supported) == "Sequence" {
            for (index, item) in try json.array("processors").enumerated() {
                try validatePostProcessor(JSONObject(any: item, path: json.fieldPath("processors[\(index)]")))
            }
        }
    }
}
