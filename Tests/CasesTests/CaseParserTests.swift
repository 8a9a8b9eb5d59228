import Cases
import RerankCore
import XCTest

final class CaseParserTests: XCTestCase {
    func testIssueExampleParsesToTheExpectedCase() throws {
        let parsed = try XCTUnwrap(parseCase(exampleCase, path: "music/breakup.md"))
        let at = { (line: Int) in SourceLocation(file: "music/breakup.md", line: line, column: 1) }
        let expected = CaseFile(
            path: "music/breakup.md", section: ["music"], slug: "music/breakup", title: "分手后不想哭，想笑得洒脱",
            tags: ["music", "emotion"],
            instructions: [
                "Given a lyric search query, retrieve lyrics that match the mood the user describes",
                "Prefer concrete actions and images",
                "Prefer lyrics about laughing",
            ],
            draft: false, query: "分手后不想哭，想笑得洒脱", rewrites: ["失恋后假装洒脱的歌词", "分手 笑着告别"],
            candidates: [
                Candidate(index: 0, text: "我笑着挥手说再见，眼泪却在转身时决堤", label: 3, note: "笑与泪的矛盾修辞；动作感强",
                          location: at(24)),
                Candidate(index: 1, text: "失恋是成长的必经之路，请保持积极心态", label: 0, location: at(28)),
                Candidate(index: 2, text: "把戒指扔进海里，浪花替我大笑三声", label: 2, location: at(29)),
            ],
            intro: "Prose here (Markdown) introduces the case on its page.",
            sections: [ProseSection(heading: "Takeaways",
                                    markdown: "Any other section is rendered as prose below the results.")],
            sourceHash: "hash")
        XCTAssertEqual(parsed, expected)
        XCTAssertTrue(parsed.hasLabels)
    }

    func testCRLFLineEndingsGiveTheSameCase() throws {
        let lf = try XCTUnwrap(parseCase(exampleCase, path: "music/breakup.md"))
        let crlf = try XCTUnwrap(parseCase(exampleCase.replacingOccurrences(of: "\n", with: "\r\n"),
                                           path: "music/breakup.md"))
        XCTAssertEqual(crlf, lf)
        XCTAssertFalse(crlf.candidates.contains { $0.text.contains("\r") || ($0.note ?? "").contains("\r") })
    }

    func testByteOrderMarkIsIgnored() throws {
        let parsed = try XCTUnwrap(parseCase("\u{FEFF}" + exampleCase))
        XCTAssertEqual(parsed.title, "分手后不想哭，想笑得洒脱")
        XCTAssertEqual(parsed.tags, ["music", "emotion"])
    }

    func testBulletListWithoutFrontMatterOrLabels() throws {
        let parsed = try XCTUnwrap(parseCase("""
        ## Query

        下雨天适合听的歌

        ## Candidates

        * 窗外的雨滴答滴答
        * 今天天气晴朗

        """, path: "weather/rainy-day.md"))
        XCTAssertEqual(parsed.title, "rainy-day")
        XCTAssertEqual(parsed.section, ["weather"])
        XCTAssertEqual(parsed.tags, [])
        XCTAssertEqual(parsed.instructions, [])
        XCTAssertFalse(parsed.draft)
        XCTAssertEqual(parsed.intro, "")
        XCTAssertEqual(parsed.rewrites, [])
        XCTAssertEqual(parsed.candidates.map(\.text), ["窗外的雨滴答滴答", "今天天气晴朗"])
        XCTAssertEqual(parsed.candidates.map(\.label), [nil, nil])
        XCTAssertFalse(parsed.hasLabels)
    }

    func testTitleFromFirstH1WhichLeavesTheIntro() throws {
        let parsed = try XCTUnwrap(parseCase("""
        # 订单没收到货

        客服场景的**长尾**查询。

        # Second H1 stays

        """ + minimalBody))
        XCTAssertEqual(parsed.title, "订单没收到货")
        XCTAssertEqual(parsed.intro, "客服场景的**长尾**查询。\n\n# Second H1 stays")
    }

    func testFrontMatterTitleWinsAndH1StaysInTheIntro() throws {
        let parsed = try XCTUnwrap(parseCase("---\ntitle: From YAML\n---\n# Heading\n\n" + minimalBody))
        XCTAssertEqual(parsed.title, "From YAML")
        XCTAssertEqual(parsed.intro, "# Heading")
    }

    func testMultiParagraphCandidateWithInlineMarkdownCodeAndNote() throws {
        let parsed = try XCTUnwrap(parseCase("""
        ## Query

        如何用Python读取JSON文件

        ## Candidates

        1. Use `json.load()` on an open file:

           ```python
           with open("a.json") as f:
               data = json.load(f)
           ```

           It returns *dicts* and lists. {rel=3}

           > Exact API; the code is part of the scored text.
           > Second note line.

        2. JSON 是一种数据格式
           它很常见 {rel=1}

        """))
        XCTAssertEqual(parsed.candidates.count, 2)
        XCTAssertEqual(parsed.candidates[0].text, """
        Use `json.load()` on an open file:

        ```python
        with open("a.json") as f:
            data = json.load(f)
        ```

        It returns *dicts* and lists.
        """)
        XCTAssertEqual(parsed.candidates[0].label, 3)
        XCTAssertEqual(parsed.candidates[0].note, "Exact API; the code is part of the scored text.\nSecond note line.")
        XCTAssertEqual(parsed.candidates[1].text, "JSON 是一种数据格式\n它很常见")
        XCTAssertEqual(parsed.candidates[1].label, 1)
    }

    func testLabelOnItsOwnLastLineIsRemoved() throws {
        let parsed = try XCTUnwrap(parseCase("## Query\n\nq\n\n## Candidates\n\n- first line\n  {rel=2}\n- other\n"))
        XCTAssertEqual(parsed.candidates[0].text, "first line")
        XCTAssertEqual(parsed.candidates[0].label, 2)
        XCTAssertEqual(parsed.relevances, [2, 0])
    }

    func testArabicAndMixedScriptsKeepTheirText() throws {
        let parsed = try XCTUnwrap(parseCase("""
        ---
        title: "بحث متعدد اللغات"
        tags: multilingual
        ---

        ## Query

        كيف أقرأ ملف JSON في بايثون؟

        ## Rewrites

        1. قراءة JSON باستخدام Python

        ## Candidates

        - استخدم json.load لقراءة الملف {rel=3}
        - 使用 json.load() 读取文件 {rel=2}
        - Cómo leer un archivo JSON {rel=1}

        """))
        XCTAssertEqual(parsed.title, "بحث متعدد اللغات")
        XCTAssertEqual(parsed.tags, ["multilingual"])
        XCTAssertEqual(parsed.query, "كيف أقرأ ملف JSON في بايثون؟")
        XCTAssertEqual(parsed.rewrites, ["قراءة JSON باستخدام Python"])
        XCTAssertEqual(parsed.candidates.map(\.text),
                       ["استخدم json.load لقراءة الملف", "使用 json.load() 读取文件", "Cómo leer un archivo JSON"])
        XCTAssertEqual(parsed.relevances, [3, 2, 1])
    }

    func testMultiLineQueryAndCaseInsensitiveHeadingsAndProseOrder() throws {
        let parsed = try XCTUnwrap(parseCase("""
        Intro before.

        ## Background

        Why this case.

        ## QUERY

        iPhone 16
        发布会

        ## candidates

        - a
        - b

        <!-- an author's comment is ignored -->

        ## Takeaways

        - one
        - two

        ### Detail

        More.

        """))
        XCTAssertEqual(parsed.query, "iPhone 16\n发布会")
        XCTAssertEqual(parsed.intro, "Intro before.")
        XCTAssertEqual(parsed.sections, [
            ProseSection(heading: "Background", markdown: "Why this case."),
            ProseSection(heading: "Takeaways", markdown: "- one\n- two\n\n### Detail\n\nMore."),
        ])
    }

    func testSetextHeadingsAndInlineMarkupInHeadings() throws {
        let parsed = try XCTUnwrap(parseCase("""
        Title *here*
        ============

        Query
        -----

        q

        ## Candidates

        - a

        ## Notes on `bm25`

        x

        """))
        XCTAssertEqual(parsed.title, "Title here")
        XCTAssertEqual(parsed.query, "q")
        XCTAssertEqual(parsed.sections, [ProseSection(heading: "Notes on bm25", markdown: "x")])
    }

    func testInstructionsCombineWithoutDuplicatesAndTagsDeduplicate() throws {
        let parsed = try XCTUnwrap(parseCase("""
        ---
        instruction: A
        instructions: [B, A, C, B]
        tags: [x, y, x]
        draft: yes
        ---
        """ + "\n" + minimalBody))
        XCTAssertEqual(parsed.instructions, ["A", "B", "C"])
        XCTAssertEqual(parsed.tags, ["x", "y"])
        XCTAssertTrue(parsed.draft)
    }

    func testEmptyFrontMatterAndEmptyListsAreAllowed() throws {
        XCTAssertNotNil(parseCase("---\n---\n" + minimalBody))
        let parsed = try XCTUnwrap(parseCase("---\ntags:\ninstructions:\n---\n" + minimalBody))
        XCTAssertEqual(parsed.tags, [])
        XCTAssertEqual(parsed.instructions, [])
    }

    func testQuotedNumberIsAString() throws {
        let parsed = try XCTUnwrap(parseCase("---\ntitle: \"2024\"\ntags: [\"5\"]\n---\n" + minimalBody))
        XCTAssertEqual(parsed.title, "2024")
        XCTAssertEqual(parsed.tags, ["5"])
    }

    func testBytesAreHashed() throws {
        let bytes = Array(exampleCase.utf8)
        let parsed = try CaseParser.parse(bytes: bytes, path: "a.md").get()
        XCTAssertEqual(parsed.sourceHash.count, 64)
        XCTAssertEqual(parsed.sourceHash, try CaseParser.parse(bytes: bytes, path: "b.md").get().sourceHash)
        XCTAssertNotEqual(parsed.sourceHash, try CaseParser.parse(bytes: bytes + [10], path: "a.md").get().sourceHash)
    }

    func testSlugIsLowerCasedWithDashesAndSectionKeepsFolders() throws {
        let parsed = try XCTUnwrap(parseCase(minimalBody, path: "Music/Sad Songs/My Case.md"))
        XCTAssertEqual(parsed.slug, "music/sad-songs/my-case")
        XCTAssertEqual(parsed.section, ["Music", "Sad Songs"])
        XCTAssertEqual(parsed.title, "My Case")
    }

    func testTabsAfterMarkersWideNumbersAndIndentedLists() throws {
        let parsed = try XCTUnwrap(parseCase(
            "## Query\n\nq\n\n## Candidates\n\n-\ttabbed {rel=1}\n- x\n\n"
            + "## Rewrites\n\n  10. ten\n  11. eleven\n      continued\n"))
        XCTAssertEqual(parsed.candidates.map(\.text), ["tabbed", "x"])
        XCTAssertEqual(parsed.candidates.map(\.label), [1, nil])
        XCTAssertEqual(parsed.rewrites, ["ten", "eleven\ncontinued"])
    }

    func testCandidateLocationsAndNoteOnTheMarkerLine() throws {
        let parsed = try XCTUnwrap(parseCase("## Query\n\nq\n\n## Candidates\n\n - > a note first\n\n   text {rel=0}\n"))
        XCTAssertEqual(parsed.candidates.count, 1)
        XCTAssertEqual(parsed.candidates[0].location, SourceLocation(file: "case.md", line: 7, column: 2))
        XCTAssertEqual(parsed.candidates[0].text, "text")
        XCTAssertEqual(parsed.candidates[0].note, "a note first")
        XCTAssertEqual(parsed.candidates[0].label, 0)
    }
}
