import Cases
import RerankCore
import XCTest

/// Query, rewrites and candidate text are data: taken as written, whatever Markdown or HTML
/// they resemble; labels and notes are still recognised; nothing that looks like markup may
/// move a label, merge candidates or hide a line.
final class LiteralTextTests: XCTestCase {
    private func body(query: String = "q", rewrites: String? = nil, candidates: String) -> String {
        var text = "## Query\n\n\(query)\n\n"
        if let rewrites { text += "## Rewrites\n\n\(rewrites)\n\n" }
        return text + "## Candidates\n\n\(candidates)\n\n## Takeaways\n\nProse.\n"
    }

    /// The table in docs/case-files.md, "Text is literal", row by row.
    func testTheDocumentedExamplesOfLiteralText() throws {
        let caseFile = try XCTUnwrap(parseCase(body(query: "<div> vs <span>", candidates: """
            1. </td></tr> oops {rel=1}
            2. <script>alert(1)</script> {rel=0}
            3. <!-- draft --> text {rel=2}
            4. use `{rel=2}` in the file {rel=1}
            5. # of users, **2024** &amp; later {rel=3}
            """)))
        XCTAssertEqual(caseFile.query, "<div> vs <span>")
        XCTAssertEqual(caseFile.candidates.map(\.text), [
            "</td></tr> oops", "<script>alert(1)</script>", "<!-- draft --> text", "use `{rel=2}` in the file",
            "# of users, **2024** &amp; later",
        ])
        XCTAssertEqual(caseFile.candidates.map(\.label), [1, 0, 2, 1, 3])
    }

    func testTitleAndSectionHeadingsKeepHTMLLookingTextAsText() throws {
        let caseFile = try XCTUnwrap(parseCase("# <div> vs <span> *layout*\n\n" + body(candidates: "- a {rel=1}")
            + "\n## Why <script> tags\n\nProse.\n"))
        XCTAssertEqual(caseFile.title, "<div> vs <span> layout")
        XCTAssertEqual(caseFile.sections.map(\.heading), ["Takeaways", "Why <script> tags"])
    }

    func testQueryThatStartsWithHTMLIsTheQuery() throws {
        let caseFile = try XCTUnwrap(parseCase(body(query: "<div> vs <span>", candidates: "- a {rel=1}\n- b")))
        XCTAssertEqual(caseFile.query, "<div> vs <span>")
        let script = try XCTUnwrap(parseCase(body(query: "<script>alert(1)</script> in a query\nsecond line",
                                                   candidates: "- a {rel=1}\n- b")))
        XCTAssertEqual(script.query, "<script>alert(1)</script> in a query\nsecond line")
        XCTAssertEqual(script.candidates.map(\.text), ["a", "b"])
        XCTAssertEqual(script.sections.map(\.heading), ["Takeaways"])
    }

    func testScriptOpeningTagDoesNotSwallowTheFollowingSections() throws {
        // An HTML block of type 1 (<script>, <pre>, <style>) would run to its closing tag.
        let caseFile = try XCTUnwrap(parseCase(body(query: "<pre> tags in markdown", candidates: "- <style> {rel=2}\n- b")))
        XCTAssertEqual(caseFile.query, "<pre> tags in markdown")
        XCTAssertEqual(caseFile.candidates.map(\.text), ["<style>", "b"])
        XCTAssertEqual(caseFile.candidates.map(\.label), [2, nil])
    }

    func testCandidateThatStartsWithHTMLKeepsItsLabel() throws {
        let caseFile = try XCTUnwrap(parseCase(body(candidates: """
            1. </td></tr> oops {rel=1}
            2. <img src=x onerror=alert(1)> {rel=2}
            3. plain text
               <div>continued on a line that starts with a tag</div> {rel=3}
            """)))
        XCTAssertEqual(caseFile.candidates.map(\.text), [
            "</td></tr> oops", "<img src=x onerror=alert(1)>",
            "plain text\n<div>continued on a line that starts with a tag</div>",
        ])
        XCTAssertEqual(caseFile.candidates.map(\.label), [1, 2, 3])
    }

    func testRewriteThatStartsWithHTMLIsARewrite() throws {
        let caseFile = try XCTUnwrap(parseCase(body(rewrites: "- <b>bold</b> query\n- <!-- not a comment --> really",
                                                    candidates: "- a {rel=1}")))
        XCTAssertEqual(caseFile.rewrites, ["<b>bold</b> query", "<!-- not a comment --> really"])
    }

    func testCommentWithTextAfterItIsText() throws {
        let caseFile = try XCTUnwrap(parseCase(body(candidates: "1. <!-- … --> text {rel=0}\n2. b {rel=1}")))
        XCTAssertEqual(caseFile.candidates.map(\.text), ["<!-- … --> text", "b"])
        XCTAssertEqual(caseFile.candidates.map(\.label), [0, 1])
    }

    func testWholeLineCommentsAreStillIgnored() throws {
        let caseFile = try XCTUnwrap(parseCase(body(candidates: """
            1. a {rel=1}
            <!-- 2. a candidate taken out,
                 over two lines -->
            3. c {rel=2}
               <!-- a comment inside the item -->
            """)))
        XCTAssertEqual(caseFile.candidates.map(\.text), ["a", "c"])
        XCTAssertEqual(caseFile.candidates.map(\.label), [1, 2])
    }

    func testCommentOverLinesWithTextAfterItIsText() throws {
        let caseFile = try XCTUnwrap(parseCase(body(candidates: "1. <!-- a\n   b --> text {rel=1}\n2. c {rel=0}")))
        XCTAssertEqual(caseFile.candidates.map(\.text), ["<!-- a\nb --> text", "c"])
        XCTAssertEqual(caseFile.candidates.map(\.label), [1, 0])
    }

    func testEveryUnclosedCommentIsReported() {
        let found = problems(body(candidates: "1. <!-- a {rel=1}\n2. <!-- b {rel=2}"))
        XCTAssertEqual(found.map(\.location.line), [7, 8])
        XCTAssertEqual(Set(found.map(\.field)), ["sections"])
    }

    func testUnclosedCommentIsAnErrorAtItsLine() {
        assertOneProblem(problems(body(candidates: "1. a {rel=1}\n2. <!-- b {rel=2}\n3. c")),
                         line: 8, column: 4, field: "sections", containing: "unclosed HTML comment")
    }

    func testLinesThatLookLikeHeadingsOrRulesAreCandidateText() throws {
        let caseFile = try XCTUnwrap(parseCase(body(query: "# of employees at Apple", candidates: """
            1. intro line
               # not a heading {rel=2}
            2. *** {rel=1}
            """)))
        XCTAssertEqual(caseFile.query, "# of employees at Apple")
        XCTAssertEqual(caseFile.candidates.map(\.text), ["intro line\n# not a heading", "***"])
        XCTAssertEqual(caseFile.candidates.map(\.label), [2, 1])
    }

    func testInlineMarkdownStaysAsWritten() throws {
        let caseFile = try XCTUnwrap(parseCase(body(query: "**bold** and [link](x) & `code`",
                                                    candidates: "- a &amp; b <br> *c* {rel=1}")))
        XCTAssertEqual(caseFile.query, "**bold** and [link](x) & `code`")
        XCTAssertEqual(caseFile.candidates[0].text, "a &amp; b <br> *c*")
    }

    func testLabelInsideACodeSpanIsText() throws {
        let caseFile = try XCTUnwrap(parseCase(body(candidates: """
            1. write `{rel=2}` after the text {rel=1}
            2. ``a {rel=3} b`` {rel=0}
            3. `{rel=2}`
            4. `` a ` {rel=4} `` and ` over
               two {rel=5} lines` {rel=2}
            """)))
        XCTAssertEqual(caseFile.candidates.map(\.text),
                       ["write `{rel=2}` after the text", "``a {rel=3} b``", "`{rel=2}`",
                        "`` a ` {rel=4} `` and ` over\ntwo {rel=5} lines`"])
        XCTAssertEqual(caseFile.candidates.map(\.label), [1, 0, nil, 2])
    }

    func testLabelOutsideACodeSpanIsStillChecked() {
        assertOneProblem(problems(body(candidates: "- `code` {rel=2} then more {rel=1}")),
                         line: 7, column: 10, field: "candidates", containing: "must come at the end")
        // An unmatched backtick opens no code span.
        assertOneProblem(problems(body(candidates: "- it`s {rel=x}")),
                         line: 7, column: 8, field: "candidates", containing: "malformed label")
    }

    func testUnclosedFenceIsAnErrorAtItsLineAndSwallowsNothing() {
        let found = problems(body(candidates: """
            1. some code:
               ```python
               print(1)
            2. next {rel=2}
            """))
        assertOneProblem(found, line: 8, column: 4, field: "candidates", containing: "unclosed code fence")
        let topLevel = problems(body(candidates: "- a {rel=1}\n\n~~~~\n- b {rel=2}"))
        XCTAssertTrue(topLevel.contains {
            $0.location.line == 9 && $0.field == "candidates" && $0.message.contains("unclosed code fence: the '~~~~'")
        }, "\(CaseProblems(topLevel))")
    }

    func testClosedFenceInACandidateIsItsText() throws {
        let caseFile = try XCTUnwrap(parseCase(body(candidates: """
            1. some code:

               ```html
               <div>
               ## not a heading
               ```
               {rel=2}
            2. next {rel=1}
            """)))
        XCTAssertEqual(caseFile.candidates.map(\.text),
                       ["some code:\n\n```html\n<div>\n## not a heading\n```", "next"])
        XCTAssertEqual(caseFile.candidates.map(\.label), [2, 1])
    }

    func testUnclosedFenceInProseIsReportedToo() {
        let found = problems("Intro\n\n```\ncode\n\n## Query\n\nq\n\n## Candidates\n\n- a\n")
        XCTAssertTrue(found.contains { $0.location.line == 3 && $0.message.contains("unclosed code fence") },
                      "\(CaseProblems(found))")
    }

    func testControlCharactersAreErrorsAtTheirColumn() {
        let found = problems(body(query: "a\u{0}b", candidates: "- x\u{1B}[31m red\u{7}\u{7} {rel=1}"))
        XCTAssertEqual(found.map(\.description), [
            "case.md:3:2: file: control character U+0000 (NUL) is not allowed in a case file; remove it",
            "case.md:7:4: file: control character U+001B (escape) is not allowed in a case file; remove it "
                + "(and 2 more on this line)",
        ])
    }

    func testTabsAreNotControlCharacters() throws {
        let caseFile = try XCTUnwrap(parseCase(body(query: "a\tb", candidates: "- x\ty {rel=1}")))
        XCTAssertEqual(caseFile.query, "a\tb")
        XCTAssertEqual(caseFile.candidates[0].text, "x\ty")
    }

    func testControlCharacterEscapedInTheFrontMatterIsAnError() {
        let found = problems("---\ninstruction: \"rank\\0 these\"\ntags: [\"a\\x01\"]\n---\n" + minimalBody)
        XCTAssertEqual(found.map(\.description), [
            "case.md:2:14: instruction: control character U+0000 (NUL) in the value; remove it",
            "case.md:3:8: tags: control character U+0001 in the value; remove it",
        ])
    }

    func testProseSectionsStayMarkdown() throws {
        let text = "<div class=\"intro\">\n\nIntro *prose*\n\n</div>\n\n" + body(candidates: "- a {rel=1}")
            + "\n<details>\n\n<!-- a comment in prose -->\n\n</details>\n"
        let caseFile = try XCTUnwrap(parseCase(text))
        XCTAssertEqual(caseFile.intro, "<div class=\"intro\">\n\nIntro *prose*\n\n</div>")
        XCTAssertEqual(caseFile.sections.map(\.markdown),
                       ["Prose.\n\n<details>\n\n<!-- a comment in prose -->\n\n</details>"])
    }
}
