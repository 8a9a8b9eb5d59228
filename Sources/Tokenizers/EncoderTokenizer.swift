import Foundation

/// Ids and token types of one model input: the template's special tokens around the sequence (or
/// pair), after truncation.
public struct EncodedInput: Sendable, Equatable {
    public var ids: [Int32]
    public var typeIDs: [Int32]
    /// Tokens of the text(s) before truncation, special tokens not counted.
    public var fullTokens: Int
    public var truncated: Bool
}

/// A tokenizer of an encoder model (BERT's WordPiece, XLM-RoBERTa's SentencePiece Unigram), read
/// from tokenizer.json: texts and pairs become model inputs with the post-processor's special
/// tokens, cut to a maximum length as transformers' `truncation=True` does.
public protocol EncoderTokenizer: AnyObject, Sendable {
    /// Token ids of the text, like HF `encode(text, add_special_tokens=False)`.
    func encode(_ text: String) -> [Int32]
    /// One text as a model input, its last tokens dropped to fit `maxLength` in all.
    func encodeInput(_ text: String, maxLength: Int) -> EncodedInput
    /// A pair as a model input, cut longest first to fit `maxLength` in all.
    func encodePair(_ a: String, _ b: String, maxLength: Int) -> EncodedInput
    /// Id of a vocabulary entry or added token as written.
    func tokenID(_ token: String) -> Int32?
    /// The largest id the tokenizer can produce (vocabulary or added token).
    var maxID: Int32 { get }
    var vocabularySize: Int { get }
    /// The algorithm as a model card names it (`WordPiece`, `SentencePiece Unigram`).
    var algorithm: String { get }
    /// Whether the normalizer lowercases; nil when the question does not apply.
    var lowercases: Bool? { get }
}

/// The tokenizer of an encoder model's tokenizer.json, by its `model.type`: WordPiece or Unigram.
public enum EncoderTokenizers {
    public static func load(contentsOf url: URL) throws -> EncoderTokenizer {
        let data = try JSONObject.read(url)
        do {
            let root = try JSONObject.root(data)
            switch try root.object("model").type(supported: ["WordPiece", "Unigram"]) {
            case "WordPiece": return try WordPieceTokenizer(root: root)
            default: return try UnigramTokenizer(root: root)
            }
        } catch let error as TokenizerError { throw error.inFile(url.path) }
    }
}

extension SpecialTokenTemplate {
    /// One sequence as a model input, its last tokens dropped to fit `maxLength` with the special tokens.
    func input(_ ids: [Int32], maxLength: Int) -> EncodedInput {
        let room = max(0, maxLength - added(pair: false))
        let kept = ids.count > room ? Array(ids[..<room]) : ids
        let (all, types) = apply(kept, nil)
        return EncodedInput(ids: all, typeIDs: types, fullTokens: ids.count, truncated: kept.count < ids.count)
    }

    /// A pair as a model input, cut to `maxLength` tokens in all the way HF tokenizers' LongestFirst
    /// does it (transformers' `truncation=True`): the longer side loses tokens first; when both must
    /// be cut, the first keeps ⌊room/2⌋ and the second the rest (or the other way round when the
    /// first is longer).
    func input(_ first: [Int32], _ second: [Int32], maxLength: Int) -> EncodedInput {
        let room = max(0, maxLength - added(pair: true))
        var n1 = first.count, n2 = second.count
        if n1 + n2 > room {
            let swap = n1 > n2
            if swap { Swift.swap(&n1, &n2) }
            n2 = n1 > room ? n1 : max(n1, room - n1)
            if n1 + n2 > room {
                n1 = room / 2
                n2 = n1 + room % 2
            }
            if swap { Swift.swap(&n1, &n2) }
        }
        let keptA = Array(first.prefix(n1)), keptB = Array(second.prefix(n2))
        let (all, types) = apply(keptA, keptB)
        return EncodedInput(ids: all, typeIDs: types, fullTokens: first.count + second.count,
                            truncated: keptA.count + keptB.count < first.count + second.count)
    }
}
