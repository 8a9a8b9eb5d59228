import Foundation
import Tokenizers

/// The tokenizer of a model folder on its own, without loading the weights
/// (for `rerank-site tokenize` and anyone who only needs ids).
public final class Qwen3Tokenizer: @unchecked Sendable {
    let tokenizer: Tokenizer

    /// Loads `tokenizer.json` from a model folder.
    public init(folder: URL) throws {
        let url = folder.appendingPathComponent("tokenizer.json")
        do { tokenizer = try Tokenizer(contentsOf: url) } catch {
            throw Qwen3Error(file: url.path, "cannot load tokenizer: \(error)")
        }
    }

    /// Ids of a text: no special tokens added, special tokens written in the text parsed.
    public func encode(_ text: String) -> [Int32] { tokenizer.encode(text) }
    /// The text of ids.
    public func decode(_ ids: [Int32]) -> String { tokenizer.decode(ids) }
    /// The id of one token of the vocabulary, written as in tokenizer.json.
    public func tokenID(_ token: String) -> Int32? { tokenizer.tokenID(token) }
    public var vocabularySize: Int { tokenizer.vocabularySize }
}
