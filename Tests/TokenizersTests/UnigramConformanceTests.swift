import Foundation
import XCTest
@testable import Tokenizers

/// The SentencePiece Unigram tokenizer against HF tokenizers (the expected ids in
/// Tests/EncodersTests/Fixtures/xlmr_cases.json, written by scripts/encoders/make_xlmr_fixture.py)
/// on 400+ texts, in both tokenizer.json layouts XLM-R models ship: transformers 5's (Precompiled;
/// WhitespaceSplit + Metaspace) and bge-reranker-v2-m3's (Precompiled + Replace; Metaspace alone;
/// `<mask>` with lstrip), and bge's with Metaspace's prepend_scheme `first`. The layouts' files are
/// written by scripts/fixtures/xlmr.sh (fixtures-generated/xlmr/layouts/).
final class UnigramConformanceTests: XCTestCase {
    private struct Cases: Decodable {
        let texts: [String]
        let ids: [String: [[Int32]]]
        let precompiled_changes: [PrecompiledChange]
    }

    private struct PrecompiledChange: Decodable {
        let scalar: UInt32
        let normalized: String
        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            scalar = try c.decode(UInt32.self)
            normalized = try c.decode(String.self)
        }
    }

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private static let cases: Result<Cases, Error> = Result {
        try JSONDecoder().decode(Cases.self, from: Data(contentsOf: repoRoot.appendingPathComponent("Tests/EncodersTests/Fixtures/xlmr_cases.json")))
    }

    /// The tokenizer.json of a layout: `hf5`, `bge` or `first`.
    static func tokenizerURL(_ layout: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.appendingPathComponent("fixtures-generated")
        let url = base.appendingPathComponent("xlmr/layouts/\(layout).json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("missing fixture \(url.path): run scripts/test.sh (or scripts/fixtures/xlmr.sh)", file: file, line: line)
            throw TokenizerError(file: url.path, "missing fixture")
        }
        return url
    }

    func testIdsMatchHFTokenizersInEveryLayout() throws {
        let cases = try Self.cases.get()
        XCTAssertGreaterThanOrEqual(cases.texts.count, 300)
        for layout in ["hf5", "bge", "first"] {
            let tokenizer = try UnigramTokenizer(contentsOf: Self.tokenizerURL(layout))
            let want = try XCTUnwrap(cases.ids[layout])
            var same = 0
            for (text, ids) in zip(cases.texts, want) {
                let got = tokenizer.encode(text)
                if got == ids { same += 1 } else {
                    XCTFail("\(layout): \(text.unicodeScalars.map { String($0.value, radix: 16) }.prefix(40)) → \(got.prefix(40)), HF \(ids.prefix(40))")
                }
            }
            print("SentencePiece Unigram (\(layout) layout) vs HF tokenizers: \(same)/\(want.count) texts with identical ids")
        }
    }

    /// Files written before Metaspace had prepend_scheme say `add_prefix_space: true` (and `str_rep`):
    /// read as prepend_scheme `always`, they give the bge layout's ids.
    func testLegacyMetaspaceFieldsReadAsAlways() throws {
        let cases = try Self.cases.get()
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: Self.tokenizerURL("bge"))) as? [String: Any])
        json["pre_tokenizer"] = ["type": "Metaspace", "replacement": "\u{2581}", "str_rep": "\u{2581}", "add_prefix_space": true]
        let tokenizer = try UnigramTokenizer(json: JSONSerialization.data(withJSONObject: json))
        for (text, ids) in zip(cases.texts, try XCTUnwrap(cases.ids["bge"])) { XCTAssertEqual(tokenizer.encode(text), ids, text) }
    }

    /// Every scalar of planes 0–2 alone through the Precompiled normalizer: the ~5,000 that the
    /// nmt_nfkc table changes give HF's result, every other one stays as it is.
    func testPrecompiledNormalizerMatchesHFOnEveryScalar() throws {
        let cases = try Self.cases.get()
        let data = try Data(contentsOf: Self.tokenizerURL("hf5"))
        let root = try JSONObject.root(data)
        let normalizer = try SentencePieceNormalizer(root.optionalObject("normalizer"))
        let changes = Dictionary(uniqueKeysWithValues: cases.precompiled_changes.map { ($0.scalar, $0.normalized) })
        XCTAssertGreaterThan(changes.count, 4000)
        var wrong = 0
        for value in UInt32(0)..<0x30000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            let got = normalizer.apply(text)
            let want = changes[value] ?? text
            if got != want {
                wrong += 1
                if wrong <= 10 { XCTFail("U+\(String(value, radix: 16)): got \(Array(got.unicodeScalars)), HF \(Array(want.unicodeScalars))") }
            }
        }
        XCTAssertEqual(wrong, 0)
    }

    func testSpecialTokensAroundPairsAndTruncation() throws {
        let tokenizer = try UnigramTokenizer(contentsOf: Self.tokenizerURL("bge"))
        let s = try XCTUnwrap(tokenizer.tokenID("<s>")), e = try XCTUnwrap(tokenizer.tokenID("</s>"))
        let a = tokenizer.encode("query words here"), b = tokenizer.encode("a document")
        let pair = tokenizer.encodePair("query words here", "a document", maxLength: 100)
        XCTAssertEqual(pair.ids, [s] + a + [e, e] + b + [e])
        XCTAssertEqual(pair.typeIDs, Array(repeating: 0, count: pair.ids.count))
        XCTAssertEqual(tokenizer.encodeInput("a document", maxLength: 100).ids, [s] + b + [e])
        let cut = tokenizer.encodePair(String(repeating: "long query ", count: 50), "short", maxLength: 20)
        XCTAssertEqual(cut.ids.count, 20)
        XCTAssertTrue(cut.truncated)
    }

    func testUnsupportedPartsAreNamed() throws {
        let data = try Data(contentsOf: Self.tokenizerURL("bge"))
        let original = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        func refused(_ change: (inout [String: Any]) -> Void, _ expected: String, line: UInt = #line) throws {
            var json = original
            change(&json)
            XCTAssertThrowsError(try UnigramTokenizer(json: JSONSerialization.data(withJSONObject: json)), line: line) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)", line: line)
            }
        }
        try refused({ $0["normalizer"] = ["type": "NFKC"] }, "field normalizer.type: type \"NFKC\" is not supported")
        try refused({ $0["normalizer"] = ["type": "Replace", "pattern": ["Regex": "\\s+"], "content": " "] },
                    "field normalizer.pattern.Regex: the Replace pattern \\s+ is not supported")
        try refused({ $0["pre_tokenizer"] = ["type": "ByteLevel"] }, "field pre_tokenizer.type: type \"ByteLevel\" is not supported")
        try refused({ json in
            var model = json["model"] as! [String: Any]
            model["byte_fallback"] = true
            json["model"] = model
        }, "field model.byte_fallback: byte_fallback true is not supported")
        try refused({ json in
            var model = json["model"] as! [String: Any]
            model["type"] = "BPE"
            json["model"] = model
        }, "field model.type: type \"BPE\" is not supported")
    }
}
