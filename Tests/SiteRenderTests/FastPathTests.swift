import XCTest
@testable import SiteRender

/// The fast paths the build-scale work added must give what the plain versions gave.
final class FastPathTests: XCTestCase {
    func testFormatCoordEqualsTrimmedFixed() {
        func reference(_ x: Double) -> String {
            var s = fixed(x, 2)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            return s == "-0" ? "0" : s
        }
        var values: [Double] = [0, -0.0, 0.001, -0.004, 0.005, -0.005, 0.1, 0.25, 1, 1.5, 1.05, 1.005, -3.999, 12.3456,
                                480, 1e6, -1e12, 9.1e13, 1e20, .nan, .infinity, -.infinity]
        var state: UInt64 = 42
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(Int64(bitPattern: state) % 10_000_000) / 1_000)
        }
        for x in values { XCTAssertEqual(formatCoord(x), reference(x), "\(x)") }
    }

    func testEscapeHTMLFastPathAndSlowPathAgree() {
        XCTAssertEqual(escapeHTML("plain text, 日本語 ✓"), "plain text, 日本語 ✓")
        XCTAssertEqual(escapeHTML("a<b>&\"'\u{1}\tc"), "a&lt;b&gt;&amp;&quot;&#39;\u{FFFD}\tc")
        XCTAssertEqual(htmlParagraphs("one line"), "<p dir=\"auto\">one line</p>")
        XCTAssertEqual(htmlParagraphs(" \t "), "")
        XCTAssertEqual(htmlParagraphs("a\nb\n\nc"), "<p dir=\"auto\">a<br>b</p><p dir=\"auto\">c</p>")
    }

    func testCSVFieldQuoting() {
        XCTAssertEqual(ResultsCSV.field("plain"), "plain")
        XCTAssertEqual(ResultsCSV.field("a,b"), "\"a,b\"")
        XCTAssertEqual(ResultsCSV.field("line\r\nbreak"), "\"line\r\nbreak\"")
        XCTAssertEqual(ResultsCSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
    }

    func testLinkScannerOnBytesMatchesItsStringForm() {
        let html = "<!-- <a href=\"skip\"> --><a HREF='x.html#c1' id=top>t</a><img src=\"a%20b.png\"/>"
            + "<p title=\"&lt;href=no&gt;\" data-href=\"n\">é<a href=\"caf&#233;.html\">x</a><a href=\"open"
        let expected = ["x.html#c1", "a%20b.png", "café.html", "open"]
        XCTAssertEqual(LinkScanner.attributeValues(named: ["href", "src"], in: html), expected)
        XCTAssertEqual(LinkScanner.attributeValues(named: ["href", "src"], in: Array(html.utf8)), expected)
        XCTAssertEqual(LinkScanner.attributeValues(named: ["id"], in: html), ["top"])
    }

    func testConcurrentMapKeepsIndexOrder() {
        XCTAssertEqual(concurrentMap(1_000) { $0 * 3 }, (0..<1_000).map { $0 * 3 })
        XCTAssertEqual(concurrentMap(0) { $0 }, [])
    }
}
