import Foundation

/// A BERT-family WordPiece tokenizer built from tokenizer.json, giving the ids of HF tokenizers:
/// added tokens matched first, BertNormalizer, BertPreTokenizer, WordPiece, and the post-processor's
/// special tokens with truncation as transformers' `truncation="longest_first"` does it.
/// tokenizer.json's own `truncation` and `padding` are not applied: the caller gives the maximum
/// length, as sentence-transformers does with `max_seq_length`. Immutable; share freely.
public final class WordPieceTokenizer: EncoderTokenizer, @unchecked Sendable {
    private let normalizer: BertNormalizer?
    private let model: WordPieceModel
    private let template: SpecialTokenTemplate
    private let rawAdded: AddedTokenMatcher
    private let normalizedAdded: AddedTokenMatcher
    private let addedByContent: [String: Int32]

    public var vocabularySize: Int { model.count }
    /// Whether the normalizer lowercases (the "uncased" models).
    public var lowercases: Bool? { normalizer?.lowercase ?? false }
    public var algorithm: String { "WordPiece" }
    /// The largest id the tokenizer can produce (vocabulary or added token).
    public var maxID: Int32 { max(model.maxID, addedByContent.values.max() ?? 0) }

    public convenience init(json: Data) throws {
        try self.init(root: JSONObject.root(json))
    }

    /// From tokenizer.json already parsed (`EncoderTokenizers.load` parses it once for its type and this).
    init(root: JSONObject) throws {
        normalizer = try root.optionalObject("normalizer").map { try BertNormalizer($0) }
        try BertPreTokenizer.validate(root.optionalObject("pre_tokenizer"))
        template = try SpecialTokenTemplate.make(root.optionalObject("post_processor"))
        model = try WordPieceModel(root.object("model"))
        let added = try JSONObject.addedTokens(root)
        rawAdded = AddedTokenMatcher(added.filter { !$0.normalized })
        normalizedAdded = AddedTokenMatcher(added.filter { $0.normalized })
        addedByContent = Dictionary(added.map { ($0.content, $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    public convenience init(contentsOf url: URL) throws {
        let data = try JSONObject.read(url)
        do { try self.init(json: data) } catch let error as TokenizerError { throw error.inFile(url.path) }
    }

    /// Token ids of the text, like HF `encode(text, add_special_tokens=False)`.
    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        var text = text
        text.withUTF8 { bytes in
            rawAdded.split(bytes) { range, addedID in
                if let addedID { out.append(addedID); return }
                encodeSegment(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self), into: &out)
            }
        }
        return out
    }

    /// One text as a model input: `[CLS] text [SEP]` (per the post-processor), cut to `maxLength`
    /// tokens in all by dropping the text's last tokens.
    public func encodeInput(_ text: String, maxLength: Int) -> EncodedInput {
        template.input(encode(text), maxLength: maxLength)
    }

    /// A pair as a model input (`[CLS] a [SEP] b [SEP]`), cut to `maxLength` tokens in all,
    /// longest first (`SpecialTokenTemplate.input(_:_:maxLength:)`).
    public func encodePair(_ a: String, _ b: String, maxLength: Int) -> EncodedInput {
        template.input(encode(a), encode(b), maxLength: maxLength)
    }

    /// Id of a vocabulary entry or added token as written ("[CLS]", "##ing").
    public func tokenID(_ token: String) -> Int32? {
        addedByContent[token] ?? model.id(of: token)
    }

    /// Text between raw added tokens: normalize, match normalized added tokens, split into words, WordPiece.
    private func encodeSegment(_ text: String, into out: inout [Int32]) {
        let scalars = normalizer?.apply(text) ?? Array(text.unicodeScalars)
        if normalizedAdded.isEmpty {
            encodeWords(scalars[...], into: &out)
            return
        }
        var normalized = String(String.UnicodeScalarView(scalars))
        normalized.withUTF8 { bytes in
            normalizedAdded.split(bytes) { range, addedID in
                if let addedID { out.append(addedID); return }
                let part = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                encodeWords(Array(part.unicodeScalars)[...], into: &out)
            }
        }
    }

    private func encodeWords(_ scalars: ArraySlice<Unicode.Scalar>, into out: inout [Int32]) {
        let base = Array(scalars)
        BertPreTokenizer.split(base) { range in
            model.encode(word: base[range], into: &out)
        }
    }
}
