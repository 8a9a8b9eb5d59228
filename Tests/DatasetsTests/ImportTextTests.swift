import Datasets
import XCTest

final class ImportTextTests: XCTestCase {
    func testLineEndsBlanksAndIndentationAreTidied() {
        XCTAssertEqual(ImportText.normalize("  a  \r\n\t b\t\r\r\r\n\n c \n"), "a\nb\n\nc")
        XCTAssertEqual(ImportText.normalize("\n\n  \n"), "")
        XCTAssertEqual(ImportText.normalize("中文  \n  段落"), "中文\n段落")
        XCTAssertEqual(ImportText.normalize("one\rtwo"), "one\ntwo")
        XCTAssertEqual(ImportText.normalize("plain text"), "plain text")
    }

    /// Markdown keeps indentation, inner blank lines and (unless asked) trailing spaces.
    func testMarkdownKeepsItsIndentationAndBlankLines() {
        XCTAssertEqual(ImportText.normalizeMarkdown("\n  \r\n- a\r\n  - b  \r\n\n\n    code\n \n"), "- a\n  - b  \n\n\n    code")
        XCTAssertEqual(ImportText.normalizeMarkdown("x  \n\ty \t", trimmingLineEnds: true), "x\n\ty")
    }
}
