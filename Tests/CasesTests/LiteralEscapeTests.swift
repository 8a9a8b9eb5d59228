@testable import Cases
import RerankCore
import XCTest

/// The escapes of literal text (docs/case-files.md, "Escapes"): a backslash before a line start
/// that would be structure, and before a marker-like brace; `LiteralEscape.escape` is their inverse.
final class LiteralEscapeTests: XCTestCase {
    /// Texts that, written as they are, would be structure, a label, or lose a line.
    static let tricky: [String] = [
        "1. Preheat the oven", "- a dash item", "+ plus", "* star", "2) paren", "> a quoted line", ">no space",
        "# of users", "## Step 2", "###### six", "```", "~~~ tilde fence", "---", "===", "***", "_ _ _", "--",
        "<!-- a comment -->", "<!-- open", "[ref]: http://example.com", "\\- a backslash then a dash",
        "\\\\> two backslashes", "ends in {rel=1}", "{id=x} at the start", "mid {REL = 2} dle", "a\\{rel=1}",
        "`{rel=2}` in code", "`code` then {rel=3}", "two {rel=1} {rel=2}", "{rel=1 {id=y}", "\\frac{1}{2}",
        "\\n and \\(x\\)", "line one\n1. line two\n> line three\n## line four", "para one\n\n- para two",
        "text\n---", "2024. A year", "\\", "a\n\\", "#hashtag stays", "-5 degrees", "*emphasis*",
        "<div>html</div>", "plain text", "分手后 {rel=1}", "1.5 litres", "{rel=1}",
    ]

    private func candidateCase(_ texts: [String]) -> String {
        var out = "## Query\n\nq\n\n## Candidates\n\n"
        for (number, text) in texts.enumerated() {
            let marker = "\(number + 1). "
            let escaped = LiteralEscape.escape(text, markers: true) + " {id=d\(number) rel=\(number % 4)}"
            let pad = String(repeating: " ", count: marker.count)
            out += marker + escaped.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : pad + $0.element }
                .joined(separator: "\n") + "\n\n"
        }
        return out
    }

    func testEscapedCandidatesReadBackAsWritten() throws {
        let caseFile = try XCTUnwrap(parseCase(candidateCase(Self.tricky)))
        XCTAssertEqual(caseFile.candidates.map(\.text), Self.tricky)
        XCTAssertEqual(caseFile.candidates.map(\.label), Self.tricky.indices.map { $0 % 4 })
        XCTAssertEqual(caseFile.candidates.map(\.id), Self.tricky.indices.map { "d\($0)" })
        XCTAssertTrue(caseFile.candidates.allSatisfy { $0.note == nil })
    }

    func testEscapedQueryAndRewritesReadBackAsWritten() throws {
        for (index, query) in Self.tricky.enumerated() where !query.contains("\n\n") {
            let rewrite = Self.tricky[(index + 7) % Self.tricky.count]
            guard !rewrite.contains("\n\n"), normalizedWhitespace(rewrite) != normalizedWhitespace(query) else { continue }
            let text = "## Query\n\n\(LiteralEscape.escape(query, markers: false))\n\n## Rewrites\n\n- "
                + LiteralEscape.escape(rewrite, markers: false).replacingOccurrences(of: "\n", with: "\n  ")
                + "\n\n## Candidates\n\n1. c\n"
            let caseFile = try XCTUnwrap(parseCase(text), text)
            XCTAssertEqual(caseFile.query, query, text)
            XCTAssertEqual(caseFile.rewrites, [rewrite], text)
        }
    }

    /// The table in docs/case-files.md, "Escapes", row by row.
    func testTheDocumentedEscapes() throws {
        let caseFile = try XCTUnwrap(parseCase("""
            ## Query

            \\## Step 2

            ## Candidates

            1. \\1. Preheat the oven {rel=2}
            2. \\> a quoted line
            3. \\# of users {rel=1}
            4. Set it to \\{rel=3} {id=doc-4 rel=0}
            5. \\\\> a backslash and a quote
            6. \\frac, \\n and \\(x\\) stay as written
            7. \\\\- x
            8. x\\ {rel=1}
            9. y\\{rel=1}

            """))
        XCTAssertEqual(caseFile.query, "## Step 2")
        XCTAssertEqual(caseFile.candidates.map(\.text), [
            "1. Preheat the oven", "> a quoted line", "# of users", "Set it to {rel=3}", "\\> a backslash and a quote",
            "\\frac, \\n and \\(x\\) stay as written", "\\- x", "x\\", "y{rel=1}",
        ])
        XCTAssertEqual(caseFile.candidates.map(\.label), [2, nil, 1, 0, nil, nil, nil, 1, nil])
        XCTAssertEqual(caseFile.candidates[3].id, "doc-4")
    }

    /// Text that needs no escape is written as it is, so files without such text do not change.
    func testPlainTextIsWrittenAsItIs() {
        for text in ["plain text", "#hashtag", "-5 degrees", "1.5 litres", "*emphasis*", "a {b} c", "\\frac", "分手后"] {
            XCTAssertEqual(LiteralEscape.escape(text, markers: true), text)
        }
        XCTAssertEqual(LiteralEscape.escape("1. step", markers: false), "\\1. step")
        XCTAssertEqual(LiteralEscape.escape("ends {rel=1}", markers: false), "ends {rel=1}")
        XCTAssertEqual(LiteralEscape.escape("ends {rel=1}", markers: true), "ends \\{rel=1}")
        XCTAssertEqual(LiteralEscape.escape("a\n> b\n\n`{rel=1}` {id=z}", markers: true), "a\n\\> b\n\n`{rel=1}` \\{id=z}")
    }

    /// Problems after an escape still point at the right column of the file.
    func testColumnsAfterAnEscapeAreTheFilesColumns() {
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n1. \\# x {rel=y}\n"), line: 7, column: 9,
                         field: "candidates", containing: "malformed label '{rel=y}'")
    }
}
