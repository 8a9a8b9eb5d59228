import XCTest
import RerankCore
@testable import SiteRender

/// Case text is data, never markup: every user field carries script, event-handler and
/// javascript: payloads, and the rendered pages must contain none of them as markup.
final class InjectionTests: XCTestCase {
    static let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>[click](javascript:alert(4)) <a href=\"javascript:alert(5)\">x</a>"

    static func hostileResults() -> SiteResults {
        var results = SampleResults.make(title: "Site " + payload)
        let p = payload
        for i in results.cases.indices {
            var f = results.cases[i].file
            f.title = "T " + p
            f.tags = ["tag " + p]
            f.query = "Q " + p
            f.rewrites = f.rewrites.isEmpty ? [] : ["R " + p]
            f.intro = "Intro " + p + "\n\n<iframe src=\"javascript:alert(6)\"></iframe>\n\n![i](javascript:alert(7))"
            f.sections = [ProseSection(heading: "H " + p, markdown: "Body " + p + "\n\n[js](javascript:alert(8)) [data](data:text/html,hi)")]
            f.section = f.section.map { "Sec " + p + $0 }
            f.candidates = f.candidates.map { c in
                var c = c
                c.text = "C " + p + " " + c.text
                c.note = "N " + p
                return c
            }
            results.cases[i].file = f
            let newInstruction = "I " + p
            let old = results.cases[i].instructions
            results.cases[i].instructions = old.map { _ in newInstruction } .enumerated().map { "\($0.element) \($0.offset)" }
            results.cases[i].rankings = results.cases[i].rankings.map { r in
                var r = r
                if let k = old.firstIndex(of: r.instruction) { r.instruction = results.cases[i].instructions[k] }
                r.scorer = r.scorer == "qwen3-0.6b" ? "qwen3 " + p : r.scorer
                return r
            }
        }
        results.scorers = results.scorers.map { $0 == "qwen3-0.6b" ? "qwen3 " + p : $0 }
        results.summaries = results.summaries.map { s in
            var s = s
            if s.scorer == "qwen3-0.6b" { s.scorer = "qwen3 " + p; s.kind = "kind " + p; s.fingerprint = "fp " + p }
            return s
        }
        // Model cards carry the payload in every text a configuration or server can set.
        results.cards = results.scorers.map { id in
            var card = ScorerCard(id: id, kind: "kind " + p, name: "Name " + p, backend: "B " + p, model: "M " + p,
                                  revision: "R " + p, storedDType: "D " + p, precision: "P " + p, promptVersion: "V " + p,
                                  readsInstruction: true, instruction: "I " + p, endpointHost: "H " + p, settings: "S " + p)
            card.servedModel = "Served " + p; card.architecture = "A " + p; card.tokenizer = "T " + p
            card.scoring = "Sc " + p; card.queryFormat = "Q " + p; card.sourceFile = "F " + p
            return card
        }
        results.checks = ScorerChecks(cases: results.cases, cards: results.cards,
                                      settings: ScorerCheckSettings(minScoreStd: 10, parityPairs: [
                                          ScorerPair(first: results.scorers[1], second: results.scorers[2])]))
        return results
    }

    static let allowedTags: Set<String> = [
        "html", "head", "meta", "title", "link", "body", "header", "nav", "main", "footer", "section", "div", "span",
        "a", "p", "br", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "code",
        "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "figure", "figcaption",
        "svg", "g", "line", "rect", "circle", "text", "hr", "article", "aside", "polyline",
        // Markdown images: cmark empties an unsafe src (checked below).
        "img",
    ]

    func testNoMarkupFromUserFields() throws {
        let files = try renderSite(Self.hostileResults(), theme: .builtIn)
        let pages = files.keys.filter { $0.hasSuffix(".html") }.sorted()
        XCTAssertGreaterThan(pages.count, 5)
        for page in pages {
            let html = text(files, page)
            for tag in startTags(html) {
                XCTAssertTrue(Self.allowedTags.contains(tag.name), "\(page): unexpected <\(tag.name)>")
                for attr in tag.attributes {
                    XCTAssertFalse(attr.hasPrefix("on"), "\(page): event handler attribute \(attr) on <\(tag.name)>")
                }
            }
            XCTAssertFalse(html.lowercased().contains("<script"), "\(page) contains <script")
            XCTAssertFalse(html.contains("<img src=x"), "\(page) contains a raw <img>")
            for link in LinkScanner.attributeValues(named: ["href", "src"], in: html) {
                let l = link.lowercased().trimmingCharacters(in: .whitespaces)
                XCTAssertFalse(l.hasPrefix("javascript:") || l.hasPrefix("data:") || l.hasPrefix("vbscript:"),
                               "\(page): unsafe link \(link)")
            }
        }
        // The payload is still visible, as text.
        let index = text(files, "index.html")
        XCTAssertTrue(index.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertEqual(checkLinks(files), [])
    }

    func testMarkdownIsSafeMode() {
        let html = renderMarkdown("<script>x()</script>\n\n<b onclick=\"y()\">b</b> [a](javascript:z()) ![i](javascript:w())")
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("onclick"))
        XCTAssertFalse(html.contains("javascript:"))
        XCTAssertTrue(html.contains("raw HTML omitted"))
        XCTAssertTrue(renderMarkdown("**bold** [ok](other.html)").contains("<strong>bold</strong>"))
    }

    func testSVGBuilderEscapesTextAndAttributes() {
        var svg = SVGBuilder(width: 10, height: 10, label: "a\"><script>", className: "x\" onload=\"y")
        svg.text("<b>&</b>", x: 1, y: 1, className: "t")
        svg.circle(cx: 1, cy: 1, r: 1, className: "c", title: "</title><script>")
        let out = svg.build()
        XCTAssertFalse(out.contains("<script"))
        XCTAssertFalse(out.contains("\" onload"))
        XCTAssertTrue(out.contains("&lt;b&gt;&amp;&lt;/b&gt;"))
    }
}
