import XCTest
import RerankCore
@testable import SiteRender

/// Long candidates: the page shows a bounded part, the data files keep every character.
final class CandidateTextTests: XCTestCase {
    func testShortTextInFull() {
        let html = CandidateText.html("a <b> c", compact: false, dataHref: "../data/results.json")
        XCTAssertEqual(html, "<div class=\"cand-text\"><p dir=\"auto\">a &lt;b&gt; c</p></div>")
    }

    func testMediumTextOpensToAll() {
        let text = String(repeating: "word ", count: 100)  // 500 characters
        let html = CandidateText.html(text, compact: false, dataHref: "../data/results.json")
        XCTAssertTrue(html.contains("(500 characters, show all)"), html)
        XCTAssertFalse(html.contains("more characters"))
    }

    func testVeryLongTextIsShortenedWithANote() {
        let text = String(repeating: "abcdefghi ", count: 10_000) + "THE-END"  // 100,007 characters
        let html = CandidateText.html(text, compact: false, dataHref: "../data/results.json")
        XCTAssertFalse(html.contains("THE-END"))
        XCTAssertLessThan(html.utf8.count, 2 * CandidateText.shownLimit + 1_000)
        XCTAssertTrue(html.contains("(100007 characters, show the first 1000)"), html)
        XCTAssertTrue(html.contains("… (99007 more characters; full text in <a href=\"../data/results.json\">data/results.json</a>)"), html)
    }

    func testLongCandidateOnPageShortButWholeInExports() throws {
        var results = SampleResults.make()
        let long = "Start " + String(repeating: "lorem ipsum dolor ", count: 5_000) + "finis"
        results.cases[0].file.candidates[0].text = long
        let files = try renderSite(results, theme: .builtIn)
        let slug = results.cases[0].file.slug
        let path = try SitePaths.casePage(slug: slug)
        let page = text(files, path)
        XCTAssertFalse(page.contains("finis"), "the page must not hold the whole text")
        let link = SitePaths.root(of: path) + "data/results.json"
        XCTAssertTrue(page.contains("more characters; full text in <a href=\"\(link)\">"), link)
        XCTAssertTrue(text(files, "data/results.json").contains("finis"))
        XCTAssertTrue(text(files, "data/results.csv").contains(long))
    }

    /// The snippet stops reading once past its limit; it must equal collapsing the whole text first.
    func testSnippetEqualsWholeTextReference() {
        func reference(_ text: String, _ limit: Int) -> String {
            let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return collapsed.count > limit ? String(collapsed.prefix(limit)) + "…" : collapsed
        }
        let texts = ["", " ", "a", "  a  b  ", "abc", "abcd", "ab cd", "ab  c ", "a\n\nb\tc  d", "日本語 の テキスト 😀 x",
                     String(repeating: "xy ", count: 50), "exactly10!", "exactly10! ", "exactly 10",
                     "ab" + "e\u{301}" + "cd", "ae\u{301}", "a\u{0B}b\u{0C}c\r\nd", "a\u{1C}b", "x\u{A0}y z", "abc\u{85}def"]
        for t in texts {
            for limit in [0, 1, 2, 3, 4, 5, 9, 10, 11, 60] {
                XCTAssertEqual(snippet(t, limit: limit), reference(t, limit), "\(t.debugDescription) limit \(limit)")
            }
        }
    }
}
