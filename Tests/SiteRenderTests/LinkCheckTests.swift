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

/// The check runs on every core; what it reports must not depend on which thread finished first.
final class LinkCheckOrderTests: XCTestCase {
    func testProblemsComeInPathOrderThenLinkOrder() {
        var files: [String: [UInt8]] = ["index.html": Array("<p id=\"top\"></p>".utf8)]
        var expected: [String] = []
        for i in (0..<300).reversed() {
            let path = "cases/p\(i).html"
            files[path] = Array("<a href=\"../gone\(i).html\">x</a><a href=\"../index.html#no\(i)\">y</a><a href=\"../index.html#top\">z</a>".utf8)
        }
        for path in files.keys.sorted() where path != "index.html" {
            let i = path.dropFirst("cases/p".count).dropLast(".html".count)
            expected.append("\(path): broken link ../gone\(i).html (no file gone\(i).html)")
            expected.append("\(path): link ../index.html#no\(i): no id \"no\(i)\" in index.html")
        }
        XCTAssertEqual(checkLinks(files), expected)
    }
}
