import Cases
import RerankCore
import XCTest

/// One test per kind of problem, each checking file:line:column and the field.
final class CaseProblemTests: XCTestCase {
    func testNoQuerySection() {
        assertOneProblem(problems("Intro.\n\n## Candidates\n\n- a\n"),
                         line: 1, column: 1, field: "query", containing: "no Query section")
    }

    func testQueryHeadingOfTheWrongLevelIsPointedOut() {
        assertOneProblem(problems("### Query\n\nq\n\n## Candidates\n\n- a\n"),
                         line: 1, column: 1, field: "query", containing: "at line 1 is level 3")
    }

    func testEmptyQuery() {
        assertOneProblem(problems("## Query\n\n## Candidates\n\n- a\n"),
                         line: 1, column: 1, field: "query", containing: "the Query section is empty")
        assertOneProblem(problems("Intro\n\n## Query\n<!-- todo -->\n\n## Candidates\n\n- a\n"),
                         line: 3, column: 1, field: "query", containing: "the Query section is empty")
    }

    func testQueryOfTwoParagraphsOrAList() {
        assertOneProblem(problems("## Query\n\nq\n\nmore\n\n## Candidates\n\n- a\n"),
                         line: 5, column: 1, field: "query", containing: "holds one paragraph")
        assertOneProblem(problems("## Query\n\n- q\n\n## Candidates\n\n- a\n"),
                         line: 3, column: 1, field: "query", containing: "found a bullet list")
    }

    func testTwoQuerySections() {
        assertOneProblem(problems("## Query\n\nq\n\n## query\n\nr\n\n## Candidates\n\n- a\n"),
                         line: 5, column: 1, field: "query", containing: "a second Query section (the first is at line 1)")
    }

    func testNoCandidatesSection() {
        assertOneProblem(problems("## Query\n\nq\n"),
                         line: 1, column: 1, field: "candidates", containing: "no Candidates section")
    }

    func testEmptyCandidatesList() {
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n## Takeaways\n\nx\n"),
                         line: 5, column: 1, field: "candidates", containing: "the Candidates section is empty")
    }

    func testCandidatesWithoutAList() {
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\nsome text\n"),
                         line: 7, column: 1, field: "candidates", containing: "unexpected paragraph")
    }

    func testSecondCandidateListFromAChangedMarker() {
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n- a\n* b\n"),
                         line: 8, column: 1, field: "candidates", containing: "a second list")
    }

    func testEmptyCandidate() {
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n- a\n- {rel=2}\n"),
                         line: 8, column: 1, field: "candidates", containing: "empty candidate")
    }

    func testMalformedLabels() {
        let cases: [(label: String, column: Int)] = [
            ("{rel=x}", 9), ("{rel=-1}", 9), ("{rel=1.5}", 9), ("{rel = 2}", 9), ("{REL=2}", 9), ("{rel=}", 9),
            ("{rel=2", 9), ("{ rel=2}", 9), ("{relevance=2}", 9),
        ]
        for (label, column) in cases {
            let found = problems("## Query\n\nq\n\n## Candidates\n\n1. text \(label)\n")
            assertOneProblem(found, line: 7, column: column, field: "candidates",
                             containing: "malformed label '\(label)': expected {rel=N} with an integer N ≥ 0")
        }
    }

    func testMalformedLabelDescriptionFormat() {
        let found = problems("## Query\n\nq\n\n## Candidates\n\n- 中文 {rel=x}\n", path: "music/a.md")
        XCTAssertEqual(found.map(\.description),
                       ["music/a.md:7:6: candidates: malformed label '{rel=x}': expected {rel=N} with an integer N ≥ 0"])
    }

    func testLabelColumnCountsCharactersNotBytes() {
        // "- 我笑着 " is 6 characters but 12 bytes: the column must be 7.
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n- 我笑着 {rel=?}\n"),
                         line: 7, column: 7, field: "candidates", containing: "malformed label")
    }

    func testLabelNotAtTheEnd() {
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n- text {rel=2} more\n"),
                         line: 7, column: 8, field: "candidates", containing: "must come at the end")
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n- line one {rel=2}\n  line two\n"),
                         line: 7, column: 12, field: "candidates", containing: "must come at the end")
    }

    func testTwoLabelsInOneCandidate() {
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n- one {rel=1}\n\n  two {rel=2}\n"),
                         line: 9, column: 7, field: "candidates", containing: "already labelled {rel=1} at line 7")
    }

    func testLabelOutOfRange() {
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n- a {rel=101}\n"),
                         line: 7, column: 5, field: "candidates", containing: "out of range")
        assertOneProblem(problems("## Query\n\nq\n\n## Candidates\n\n- a {rel=99999999999999999999999}\n"),
                         line: 7, column: 5, field: "candidates", containing: "out of range")
    }

    func testDuplicateCandidatesReportBothLines() {
        let found = problems("## Query\n\nq\n\n## Candidates\n\n1. 同一句 歌词 {rel=1}\n2. other\n3.  同一句\n   歌词\n")
        assertOneProblem(found, line: 9, column: 1, field: "candidates", containing: "duplicate candidate")
        XCTAssertTrue(found.first?.message.contains("lines 7 and 9") ?? false, "\(found)")
    }

    func testDuplicateAndQueryRepeatingRewrites() {
        let found = problems("## Query\n\nq\n\n## Rewrites\n\n- r\n- r\n- q\n\n## Candidates\n\n- a\n")
        XCTAssertEqual(found.map(\.field), ["rewrites", "rewrites"])
        XCTAssertEqual(found.map(\.location.line), [8, 9])
        XCTAssertTrue(found[0].message.contains("same text as the rewrite at line 7"))
        XCTAssertTrue(found[1].message.contains("repeats the query"))
    }

    func testRewritesMustBeAList() {
        assertOneProblem(problems("## Query\n\nq\n\n## Rewrites\n\nr\n\n## Candidates\n\n- a\n"),
                         line: 7, column: 1, field: "rewrites", containing: "unexpected paragraph")
    }

    func testBadYAMLReportsYamsPositionInTheFile() {
        assertOneProblem(problems("---\ntitle: ok\ntags: [a, b\n---\n" + minimalBody),
                         line: 4, column: 1, field: "front matter", containing: "invalid YAML")
        assertOneProblem(problems("---\ntitle: a: b\n---\n" + minimalBody),
                         line: 2, column: 9, field: "front matter", containing: "invalid YAML: mapping values")
    }

    func testFrontMatterThatIsNotAMapping() {
        assertOneProblem(problems("---\n- a\n- b\n---\n" + minimalBody),
                         line: 2, column: 1, field: "front matter", containing: "expected 'key: value' lines")
    }

    func testUnknownFrontMatterKey() {
        assertOneProblem(problems("---\ntitle: t\n  \nfoo: bar\n---\n" + minimalBody),
                         line: 4, column: 1, field: "front matter", containing: "unknown front-matter key 'foo'")
    }

    func testDuplicateFrontMatterKey() {
        assertOneProblem(problems("---\ntitle: a\ntitle: b\n---\n" + minimalBody),
                         line: 3, column: 1, field: "front matter", containing: "duplicate front-matter key 'title'")
    }

    func testWrongTypes() {
        assertOneProblem(problems("---\ntags: 5\n---\n" + minimalBody),
                         line: 2, column: 7, field: "tags", containing: "expected a string, found an integer '5'")
        assertOneProblem(problems("---\ndraft: maybe\n---\n" + minimalBody),
                         line: 2, column: 8, field: "draft", containing: "expected true or false, found 'maybe'")
        assertOneProblem(problems("---\ntags: [a, [b]]\n---\n" + minimalBody),
                         line: 2, column: 11, field: "tags", containing: "found a list")
        assertOneProblem(problems("---\ntitle: 2024-01-01\n---\n" + minimalBody),
                         line: 2, column: 8, field: "title", containing: "a date")
        assertOneProblem(problems("---\ninstructions: {a: b}\n---\n" + minimalBody),
                         line: 2, column: 15, field: "instructions", containing: "found a mapping")
        assertOneProblem(problems("---\ninstruction: \"  \"\n---\n" + minimalBody),
                         line: 2, column: 14, field: "instruction", containing: "is empty")
        assertOneProblem(problems("---\ntitle:\n---\n" + minimalBody),
                         line: 2, column: 7, field: "title", containing: "found no value")
    }

    func testUnterminatedFrontMatter() {
        assertOneProblem(problems("---\ntitle: t\n\n" + minimalBody),
                         line: 1, column: 1, field: "front matter", containing: "unterminated front matter")
    }

    func testNotUTF8ReportsTheBadBytesPosition() {
        var bytes = Array("## Query\n\nq\n\n## Candidates\n\n- 歌".utf8)
        bytes += [0xFF, 0x41, 0x0A]
        switch CaseParser.parse(bytes: bytes, path: "bad.md") {
        case .success:
            XCTFail("invalid UTF-8 parsed")
        case .failure(let found):
            assertOneProblem(found.problems, line: 7, column: 4, field: "file", containing: "not UTF-8: invalid byte 0xFF",
                             path: "bad.md")
        }
    }

    func testUnsafeFileName() {
        assertOneProblem(problems(minimalBody, path: "what?.md"),
                         line: 0, column: 0, field: "slug", containing: "'?'", path: "what?.md")
    }

    func testEmptyProseHeading() {
        assertOneProblem(problems(minimalBody + "\n##\n\ntext\n"),
                         line: 10, column: 1, field: "sections", containing: "empty '##' heading")
    }

    func testAllProblemsOfAFileAreCollectedInOrder() {
        let found = problems("""
        ---
        colour: red
        draft: maybe
        ---

        ## Query

        ## Candidates

        - a {rel=x}
        - b {rel=-1}
        - c
        - c

        """, path: "many.md")
        XCTAssertEqual(found.map { "\($0.location.line):\($0.location.column) \($0.field)" }, [
            "2:1 front matter", "3:8 draft", "6:1 query", "10:5 candidates", "11:5 candidates", "13:1 candidates",
        ])
        XCTAssertEqual(CaseProblems(found).description.split(separator: "\n").count, 6)
    }

    func testDegenerateInputsReportProblemsWithoutTrapping() {
        let inputs = ["", "---", "---\n---", "\r", "##", "## Query\n## Candidates\n-", "\u{0}{rel=",
                      String(repeating: ">", count: 5000) + " x", String(repeating: "- ", count: 2000) + "x",
                      "## Candidates\n\n" + String(repeating: "{", count: 3000), "---\n: :\n---\n&a [*a]\n"]
        for input in inputs {
            if case .success(let parsed) = CaseParser.parse(text: input, path: "d.md", sourceHash: "") {
                XCTFail("degenerate input parsed: \(parsed)")
            }
        }
    }
}
