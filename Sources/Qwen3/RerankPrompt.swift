/// What the prompt needs from a tokenizer: text to ids, special tokens in the text parsed,
/// nothing added (Tokenizers.Tokenizer's `encode`).
protocol PromptEncoder {
    func encode(_ text: String) -> [Int32]
}

/// The official Qwen3-Reranker prompt (Qwen3-Embedding's qwen3_reranker_transformers.py):
/// prefix + body + suffix, where only the body is cut, from its end, to fit the max length.
struct RerankPrompt {
    static let prefix = "<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n<|im_start|>user\n"
    static let suffix = "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"
    static let defaultInstruction = "Given a web search query, retrieve relevant passages that answer the query"

    static func body(instruction: String, query: String, document: String) -> String {
        "<Instruct>: \(instruction)\n<Query>: \(query)\n<Document>: \(document)"
    }

    let prefixIDs: [Int32]
    let suffixIDs: [Int32]
    /// Most body tokens a prompt keeps: maxLength − prefix − suffix.
    let bodyLimit: Int

    init(encoder: PromptEncoder, maxLength: Int) throws {
        prefixIDs = encoder.encode(RerankPrompt.prefix)
        suffixIDs = encoder.encode(RerankPrompt.suffix)
        bodyLimit = maxLength - prefixIDs.count - suffixIDs.count
        guard bodyLimit > 0 else {
            throw Qwen3Error(field: "maxLength", "\(maxLength) leaves no room for the query and document after the \(prefixIDs.count + suffixIDs.count) template tokens")
        }
    }

    /// The prompt's token ids, and whether the body was cut. An empty instruction means the
    /// default one (the recipe's instruction=None).
    func ids(instruction: String, query: String, document: String, encoder: PromptEncoder) -> (ids: [Int32], truncated: Bool) {
        let prompt = cut(instruction: instruction, query: query, document: document, encoder: encoder)
        return (prompt.ids, prompt.truncated)
    }

    /// The prompt's token ids, whether the body was cut, and how many tokens the whole prompt has
    /// before any cut.
    func cut(instruction: String, query: String, document: String, encoder: PromptEncoder)
        -> (ids: [Int32], truncated: Bool, fullLength: Int) {
        let text = RerankPrompt.body(instruction: instruction.isEmpty ? RerankPrompt.defaultInstruction : instruction,
                                     query: query, document: document)
        let body = encoder.encode(text)
        let truncated = body.count > bodyLimit
        return (prefixIDs + body.prefix(bodyLimit) + suffixIDs, truncated, prefixIDs.count + body.count + suffixIDs.count)
    }
}
