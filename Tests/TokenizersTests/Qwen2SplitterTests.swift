import XCTest
@testable import Tokenizers

/// The Qwen2 split regex on tricky strings; expectations are HF tokenizers' Split(Isolated) output.
final class Qwen2SplitterTests: XCTestCase {
    private func pieces(_ text: String) -> [String] {
        var text = text
        var scratch = Qwen2Splitter.Scratch()
        var out: [String] = []
        text.withUTF8 { bytes in
            Qwen2Splitter.split(bytes, scratch: &scratch) { range in
                out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
            }
        }
        return out
    }

    private func check(_ text: String, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        let got = pieces(text)
        XCTAssertEqual(got.map { Array($0.unicodeScalars) }, expected.map { Array($0.unicodeScalars) },
                       "split of \(text.debugDescription): \(got)", file: file, line: line)
    }

    func testWordsTakeTheirLeadingSpace() {
        check("Hello world", ["Hello", " world"])
        check("abc123", ["abc", "1", "2", "3"])
        check("你好，世界！", ["你好", "，世界", "！"])
    }

    func testContractionsAreCaseInsensitive() {
        check("I'm DON'T We'Re they'LL", ["I", "'m", " DON", "'T", " We", "'Re", " they", "'LL"])
        // U+017F folds to "s"; "'l" alone is no contraction; a space before ' breaks it.
        check("'\u{17F} 'ss 'lL 'l", ["'\u{17F}", " '", "ss", " '", "lL", " '", "l"])
    }

    func testSpaceRunsLeaveOneSpaceForTheNextWord() {
        check("   a", ["  ", " a"])
        check("a   ", ["a", "   "])
        check("end  ", ["end", "  "])
        check("\t\tword", ["\t", "\tword"])
    }

    func testNewlinesEndWhitespaceRuns() {
        check("a  \n  b", ["a", "  \n", " ", " b"])
        check("x\r\n\r\n y", ["x", "\r\n\r\n", " y"])
        check("  !!\n\n", [" ", " !!\n\n"])
        check(" ?? x", [" ??", " x"])
    }

    func testUnicodeWhitespaceIsWhiteSpaceProperty() {
        check("x\u{A0}\u{A0}y", ["x", "\u{A0}", "\u{A0}y"])
        check("\u{3000}\u{3000}中文", ["\u{3000}", "\u{3000}中文"])
        check("a\u{2028}b", ["a", "\u{2028}b"])
        // U+200B ZERO WIDTH SPACE is not White_Space: it is "other".
        check("ab \u{200B} cd", ["ab", " \u{200B}", " cd"])
    }

    func testCombiningMarksAreOther() {
        check("e\u{301}\u{301}x", ["e", "\u{301}\u{301}", "x"])
    }

    func testEmptyText() {
        XCTAssertEqual(pieces(""), [])
    }
}
