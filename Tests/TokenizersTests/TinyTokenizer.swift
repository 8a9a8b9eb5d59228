import Foundation
@testable import Tokenizers

/// A tiny byte-level tokenizer.json built in memory: the 256 byte tokens (ids 0...255), the given
/// merges (ids from 256 in order) and added tokens, Qwen2 settings unless a field is overridden.
enum TinyTokenizer {
    static func json(merges: [(String, String)] = [],
                     added: [(id: Int, content: String, special: Bool)] = [],
                     overrides: [String: Any] = [:],
                     modelOverrides: [String: Any] = [:]) throws -> Data {
        var vocab: [String: Int] = [:]
        for byte in 0...255 {
            vocab[String(decoding: ByteLevel.utf8(forByte: UInt8(byte)), as: UTF8.self)] = byte
        }
        for (left, right) in merges where vocab[left + right] == nil {
            vocab[left + right] = vocab.count
        }
        let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false,
                                        "trim_offsets": false, "use_regex": false]
        var model: [String: Any] = ["type": "BPE", "dropout": NSNull(), "unk_token": NSNull(),
                                    "byte_fallback": false, "ignore_merges": false, "vocab": vocab,
                                    "merges": merges.map { "\($0.0) \($0.1)" }]
        for (key, value) in modelOverrides { model[key] = value }
        var root: [String: Any] = [
            "version": "1.0", "truncation": NSNull(), "padding": NSNull(),
            "added_tokens": added.map {
                ["id": $0.id, "content": $0.content, "single_word": false, "lstrip": false,
                 "rstrip": false, "normalized": false, "special": $0.special] as [String: Any]
            },
            "normalizer": ["type": "NFC"],
            "pre_tokenizer": ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": Qwen2Splitter.pattern], "behavior": "Isolated",
                 "invert": false] as [String: Any],
                byteLevel,
            ]] as [String: Any],
            "post_processor": byteLevel,
            "decoder": byteLevel,
            "model": model,
        ]
        for (key, value) in overrides { root[key] = value }
        return try JSONSerialization.data(withJSONObject: root)
    }

    static func make(merges: [(String, String)] = [],
                     added: [(id: Int, content: String, special: Bool)] = []) throws -> Tokenizer {
        try Tokenizer(json: json(merges: merges, added: added))
    }
}
