import XCTest
@testable import SiteRender

final class LinkCheckTests: XCTestCase {
    private func site(_ pages: [String: String]) -> [String: [UInt8]] { pages.mapValues { Array($0.utf8) } }

    func testCatchesBrokenLink() throws {
        var files = try renderSite(SampleResults.make(), theme: .builtIn)
        files["cases/music/breakup.html"] = nil
        let problems = checkLinks(files)
        XCTAssertFalse(problems.isEmpty)
        XCTAssertTrue(problems.contains { $0.hasPrefix("index.html: broken link cases/music/breakup.html") }, "\(problems)")
    }

    func testRules() {
        let files = site([
            "index.html": """
                <a href="a/b.html#x">ok</a> <a href="a/b.html#nope">frag</a> <a href="https://example.org/">ext</a>
                <a href="mailto:x@example.org">mail</a> <a href="/abs.html">abs</a> <a href="a/">dir</a>
                <a href="../out.html">out</a> <a href="javascript:alert(1)">js</a> <img src="missing.png">
                <a href="#top">self</a> <p id="top"></p> <!-- <a href="commented.html"> -->
                <a href="a/b%20c.html">encoded</a> <a href='a/b.html?x=1&amp;y=2'>query</a>
                """,
            "a/b.html": "<h1 id=\"x\">B</h1><a href=\"../index.html\">up</a><link rel=stylesheet href=../s.css>",
            "a/b c.html": "",
            "s.css": "body { background: url(\"img/bg.png\") }",
        ])
        let problems = checkLinks(files)
        XCTAssertEqual(problems.count, 7, problems.joined(separator: "\n"))
        for needle in ["no id \"nope\"", "absolute path /abs.html", "folder link a/", "leaves the site",
                       "scheme javascript", "no file missing.png", "no file img/bg.png"] {
            XCTAssertTrue(problems.contains { $0.contains(needle) }, "expected a problem with \(needle): \(problems)")
        }
        XCTAssertTrue(problems.contains("a/b.html: broken link ../s.css (no file s.css)") == false)
    }
}
