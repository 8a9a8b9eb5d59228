import XCTest
@testable import Qwen3

/// The prompt template and truncation, with a stand-in encoder of one id per character.
final class RerankPromptTests: XCTestCase {
    private struct CharacterEncoder: PromptEncoder {
        func encode(_ text: String) -> [Int32] { text.unicodeScalars.map { Int32($0.value) } }
    }

    func testTemplateAndTruncationFromTheEnd() throws {
        let encoder = CharacterEncoder()
        let template = RerankPrompt.prefix.unicodeScalars.count + RerankPrompt.suffix.unicodeScalars.count
        let fits = try RerankPrompt(encoder: encoder, maxLength: 8192)
        let whole = fits.ids(instruction: "I", query: "Q", document: "D", encoder: encoder)
        XCTAssertFalse(whole.truncated)
        XCTAssertEqual(String(decoding: whole.ids.map { UInt8($0) }, as: UTF8.self),
                       RerankPrompt.prefix + "<Instruct>: I\n<Query>: Q\n<Document>: D" + RerankPrompt.suffix)

        // Room for 30 body characters: the document's tail goes, prefix and suffix stay whole.
        let tight = try RerankPrompt(encoder: encoder, maxLength: template + 30)
        let cut = tight.ids(instruction: "I", query: "Q", document: "0123456789", encoder: encoder)
        XCTAssertTrue(cut.truncated)
        XCTAssertEqual(cut.ids.count, template + 30)
        let body = String(decoding: cut.ids.map { UInt8($0) }, as: UTF8.self)
            .dropFirst(RerankPrompt.prefix.count).dropLast(RerankPrompt.suffix.count)
        XCTAssertEqual(String(body), "<Instruct>: I\n<Query>: Q\n<Docu")

        // Exactly full is not truncated.
        let exact = tight.ids(instruction: "I", query: "Q", document: "", encoder: encoder)
        XCTAssertEqual(exact.truncated, "<Instruct>: I\n<Query>: Q\n<Document>: ".count > 30)

        // The empty instruction is the default one.
        let def = fits.ids(instruction: "", query: "Q", document: "D", encoder: encoder)
        XCTAssertEqual(def.ids, fits.ids(instruction: RerankPrompt.defaultInstruction, query: "Q", document: "D", encoder: encoder).ids)

        XCTAssertThrowsError(try RerankPrompt(encoder: encoder, maxLength: template)) { error in
            XCTAssertEqual((error as? Qwen3Error)?.field, "maxLength")
        }
    }
}
