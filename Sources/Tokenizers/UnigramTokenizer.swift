import Foundation

/// A SentencePiece Unigram tokenizer built from tokenizer.json (XLM-RoBERTa, bge-m3,
/// bge-reranker-v2-m3, multilingual-e5), giving the ids of HF tokenizers: added tokens matched
/// first in the raw text, then the normalizer (`SentencePieceNormalizer`: Precompiled, Replace),
/// the pre-tokenizer (`Metaspace`), the Unigram model (`UnigramModel`), and the post-processor's
/// special tokens (`<s> A </s>`, `<s> A </s></s> B </s>`). tokenizer.json's own `truncation` and
/// `padding` are not applied: the caller gives the maximum length. Immutable; share freely.
public final class UnigramTokenizer: EncoderTokenizer, @unchecked Sendable {
    private let normalizer: SentencePieceNormalizer
    private let preTokenizer: Metaspace
    private let model: UnigramModel
    private let template: SpecialTokenTemplate
    private let rawAdded: AddedTokenMatcher
    private let addedByContent: [String: Int32]

    public var vocabularySize: Int { model.count }
    public var maxID: Int32 { max(Int32(model.count - 1), addedByContent.values.max() ?? 0) }
    public var algorithm: String { "SentencePiece Unigram" }
    public var lowercases: Bool? { nil }

    public convenience init(json: Data) throws {
        try self.init(root: JSONObject.root(json))
    }

    /// From tokenizer.json already parsed (`EncoderTokenizers.load` parses it once for its type and this).
    init(root: JSONObject) throws {
        normalizer = try SentencePieceNormalizer(root.optionalObject("normalizer"))
        preTokenizer = try Metaspace(root.optionalObject("pre_tokenizer"))
        template = try SpecialTokenTemplate.make(root.optionalObject("post_processor"))
        model = try UnigramModel(root.object("model"))
        let added = try JSONObject.addedTokens(root)
        if let token = added.first(where: { $0.normalized }) {
            throw TokenizerError(field: "added_tokens", "'\(token.content)' is matched after normalization (normalized: true), which is not supported here")
        }
        rawAdded = AddedTokenMatcher(added)
        addedByContent = Dictionary(added.map { ($0.content, $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    public convenience init(contentsOf url: URL) throws {
        let data = try JSONObject.read(url)
        do { try self.init(json: data) } catch let error as TokenizerError { throw error.inFile(url.path) }
    }

    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        var text = text
        text.withUTF8 { bytes in
            rawAdded.split(bytes) { range, addedID in
                if let addedID { out.append(addedID); return }
                let segment = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                for piece in preTokenizer.pieces(normalizer.apply(segment), atStart: range.lowerBound == 0) {
                    model.encode(piece, into: &out)
                }
            }
        }
        return out
    }

    public func encodeInput(_ text: String, maxLength: Int) -> EncodedInput {
        template.input(encode(text), maxLength: maxLength)
    }

    public func encodePair(_ a: String, _ b: String, maxLength: Int) -> EncodedInput {
        template.input(encode(a), encode(b), maxLength: maxLength)
    }

    public func tokenID(_ token: String) -> Int32? { addedByContent[token] ?? model.id(of: token) }
}
