import XCTest
@testable import Tokenizers

/// Building from inline tokenizer.json: merges, added tokens, decoding, and refusing what is not
/// supported with the field named.
final class TokenizerBuildTests: XCTestCase {
    private let merges: [(String, String)] = [("Ġ", "t"), ("h", "e"), ("Ġt", "he"), ("a", "a"), ("aa", "aa")]

    func testMergesApplyByRankLeftmostFirst() throws {
        let tokenizer = try TinyTokenizer.make(merges: merges)
        let space = Int32(Character(" ").asciiValue ?? 0)
        XCTAssertEqual(tokenizer.encode(" the"), [258])                 // Ġ t -> Ġt, h e -> he, Ġt he
        XCTAssertEqual(tokenizer.encode("the"), [116, 257])            // t, he
        XCTAssertEqual(tokenizer.encode("aaa"), [259, 97])             // leftmost a a first
        XCTAssertEqual(tokenizer.encode("aaaaa"), [260, 97])
        XCTAssertEqual(tokenizer.encode("a a"), [97, space, 97])       // " a": no merge for Ġ a
        XCTAssertEqual(tokenizer.tokenID("Ġthe"), 258)
        XCTAssertEqual(tokenizer.vocabularySize, 261)
    }

    func testAddedTokensMatchLongestFirstInRawText() throws {
        let tokenizer = try TinyTokenizer.make(
            merges: merges,
            added: [(300, "<|a|>", true), (301, "<|a|>b", false), (302, "é", false)])
        XCTAssertEqual(tokenizer.encode("<|a|>"), [300])
        XCTAssertEqual(tokenizer.encode("<|a|>bc"), [301, 99])
        XCTAssertEqual(tokenizer.encode("x<|a|>"), [120, 300])
        // Matched before NFC: the decomposed é is not the token, the composed one is.
        XCTAssertEqual(tokenizer.encode("\u{E9}"), [302])
        XCTAssertEqual(tokenizer.encode("e\u{301}"), [0xC3, 0xA9])
        XCTAssertEqual(tokenizer.tokenID("<|a|>"), 300)
        // "é" is also the vocabulary's token for byte 0xE9: distinct strings count once, as in HF.
        XCTAssertEqual(tokenizer.vocabularySize, 261 + 2)
        XCTAssertEqual(tokenizer.decode([300, 116, 257, 301]), "<|a|>the<|a|>b")
    }

    func testDecodeReplacesInvalidUTF8AndSkipsUnknownIds() throws {
        let tokenizer = try TinyTokenizer.make()
        XCTAssertEqual(tokenizer.decode([0xE4, 0xBD, 0xA0]), "你")
        XCTAssertEqual(tokenizer.decode([0xE4, 0xBD]), "\u{FFFD}")
        XCTAssertEqual(tokenizer.decode([104, 105, 9999, -1]), "hi")
    }

    func testUnsupportedComponentsNameTheField() throws {
        let cases: [(String, () throws -> Data)] = [
            ("normalizer.type", { try TinyTokenizer.json(overrides: ["normalizer": ["type": "Lowercase"]]) }),
            ("pre_tokenizer.pretokenizers[0].type", {
                try TinyTokenizer.json(overrides: ["pre_tokenizer": ["type": "Sequence", "pretokenizers": [["type": "Whitespace"]]]])
            }),
            ("pre_tokenizer.pretokenizers[0].pattern.Regex", {
                let split: [String: Any] = ["type": "Split", "pattern": ["Regex": "\\s+"], "behavior": "Isolated", "invert": false]
                let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "use_regex": false]
                return try TinyTokenizer.json(overrides: ["pre_tokenizer": ["type": "Sequence", "pretokenizers": [split, byteLevel]]])
            }),
            ("pre_tokenizer", {
                try TinyTokenizer.json(overrides: ["pre_tokenizer": ["type": "Split", "pattern": ["Regex": Qwen2Splitter.pattern],
                                                                     "behavior": "Isolated", "invert": false]])
            }),
            ("pre_tokenizer", { try TinyTokenizer.json(overrides: ["pre_tokenizer": NSNull()]) }),
            ("decoder.type", { try TinyTokenizer.json(overrides: ["decoder": ["type": "WordPiece"]]) }),
            ("model.type", { try TinyTokenizer.json(modelOverrides: ["type": "Unigram"]) }),
            ("model.byte_fallback", { try TinyTokenizer.json(modelOverrides: ["byte_fallback": true]) }),
            ("model.merges[0]", { try TinyTokenizer.json(modelOverrides: ["merges": ["x y"]]) }),
            ("post_processor.type", { try TinyTokenizer.json(overrides: ["post_processor": ["type": "Mystery"]]) }),
            ("truncation", { try TinyTokenizer.json(overrides: ["truncation": ["max_length": 8]]) }),
        ]
        for (field, make) in cases {
            XCTAssertThrowsError(try Tokenizer(json: make()), field) { error in
                guard let error = error as? TokenizerError else { return XCTFail("\(field): \(error)") }
                XCTAssertEqual(error.field, field, "\(error)")
                XCTAssertTrue(error.description.contains(field), "\(error)")
            }
        }
    }

    func testByteLevelSettingsAreChecked() throws {
        let split: [String: Any] = ["type": "Split", "pattern": ["Regex": Qwen2Splitter.pattern],
                                    "behavior": "Isolated", "invert": false]
        let withRegex: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "use_regex": true]
        let data = try TinyTokenizer.json(overrides: ["pre_tokenizer": ["type": "Sequence", "pretokenizers": [split, withRegex]]])
        XCTAssertThrowsError(try Tokenizer(json: data)) { error in
            XCTAssertEqual((error as? TokenizerError)?.field, "pre_tokenizer.pretokenizers[1].use_regex")
        }
    }

    func testNotJSONIsAnError() {
        XCTAssertThrowsError(try Tokenizer(json: Data("{".utf8))) { error in
            XCTAssertTrue(String(describing: error).contains("not valid JSON"), "\(error)")
        }
    }
}
