import Foundation
import XCTest
import RerankCore
@testable import SiteRender

final class RenderTests: XCTestCase {
    func testRendersEveryFile() throws {
        let results = SampleResults.make()
        let files = try renderSite(results, theme: .builtIn)
        var expected: Set<String> = ["index.html", "assets/style.css", "data/results.json", "data/results.csv",
                                     "data/qrels.txt", "data/original.run", "data/bm25.run", "data/qwen3-0.6b.run"]
        for c in results.cases { expected.insert("cases/\(c.file.slug).html") }
        XCTAssertEqual(Set(files.keys), expected)
    }

    func testDeterministic() throws {
        let a = try renderSite(SampleResults.make(), theme: .builtIn)
        let b = try renderSite(SampleResults.make(), theme: .builtIn)
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted())
        for key in a.keys.sorted() { XCTAssertEqual(a[key], b[key], "\(key) differs between two renders") }
    }

    func testFullRenderPassesLinkCheckWithoutExternalLinks() throws {
        let files = try renderSite(SampleResults.make(), theme: .builtIn)
        XCTAssertEqual(checkLinks(files), [])
        for (path, bytes) in files where path.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            for link in LinkScanner.attributeValues(named: ["href", "src"], in: html) {
                XCTAssertFalse(link.contains("://") || link.hasPrefix("//") || link.hasPrefix("/"), "\(path): \(link)")
            }
            XCTAssertFalse(html.contains("<script"), "\(path) has a script")
        }
    }

    func testRelativeLinksFromNestedSlugs() throws {
        var results = SampleResults.make()
        results.cases[0].file.slug = "a/b/c/deep case"
        let files = try renderSite(results, theme: .builtIn)
        let page = text(files, "cases/a/b/c/deep case.html")
        XCTAssertTrue(page.contains("href=\"../../../../assets/style.css\""))
        XCTAssertTrue(page.contains("href=\"../../../../index.html#cases\""))
        let index = text(files, "index.html")
        XCTAssertTrue(index.contains("href=\"cases/a/b/c/deep%20case.html\""))
        XCTAssertTrue(text(files, "cases/ev-battery.html").contains("href=\"../assets/style.css\""))
        // The intro's own relative link (../../index.html#method) is now one level short.
        XCTAssertEqual(checkLinks(files).count, 1)
    }

    func testBadSlugsAreRejected() {
        for slug in ["", "/abs", "a/../b", "a//b", "..", "a\\b"] {
            var results = SampleResults.make()
            results.cases[0].file.slug = slug
            XCTAssertThrowsError(try renderSite(results, theme: .builtIn), "slug \(slug)")
        }
    }

    func testInconsistentRankingIsAnError() {
        var results = SampleResults.make()
        results.cases[1].rankings[0].order = [0, 0, 1, 2, 3, 4]
        XCTAssertThrowsError(try renderSite(results, theme: .builtIn)) { error in
            guard case SiteRenderError.inconsistentResults(let slug, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(slug, "music/late-night-coding")
        }
    }

    func testIndexShowsSummaryVerdictsAndTieRule() throws {
        let files = try renderSite(SampleResults.make(), theme: .builtIn)
        let index = text(files, "index.html")
        XCTAssertTrue(index.contains(escapeHTML(tieBreakRule)))
        XCTAssertTrue(index.contains("NDCG@10"))
        XCTAssertTrue(index.contains(" → "), "correct-first and verdicts use before → after")
        XCTAssertTrue(index.contains("moved most"), "unlabelled case verdict")
        XCTAssertTrue(index.contains("class=\"chart histogram\""))
        let page = text(files, "cases/music/breakup.html")
        XCTAssertTrue(page.contains("class=\"chart strip\""))
        XCTAssertTrue(page.contains("class=\"chart slope\""))
        XCTAssertTrue(page.contains("fused by max"))
        XCTAssertTrue(page.contains("Instruction 2"))
        XCTAssertTrue(page.contains("the same scores as with <a href=\"#instruction-1\">instruction 1</a>"))
        XCTAssertTrue(text(files, "cases/tech/pandas-unicode.html").contains("✂ truncated"))
    }

    func testVerdictRule() {
        let c = SampleResults.make().cases[0]
        let rel = c.file.relevances
        var base = c.rankings[0]
        base.order = Array(0..<rel.count)
        base.metrics = SampleResults.metrics(order: base.order, relevances: rel)
        var better = base
        better.order = [2] + base.order.filter { $0 != 2 }
        better.metrics = SampleResults.metrics(order: better.order, relevances: rel)
        let v = Verdict.make(file: c.file, baseline: base, ranking: better)
        XCTAssertEqual(v.direction, .up)
        XCTAssertTrue(v.text.hasPrefix("↑ top result now rel 3 (was rel 0)"), v.text)
        XCTAssertEqual(Verdict.make(file: c.file, baseline: base, ranking: base).text, "= same top result (rel 0)")
    }

    func testNumberFormatting() {
        XCTAssertEqual(fixed(0.87314, 4), "0.8731")
        XCTAssertEqual(fixed(-0.00001, 4), "0.0000")
        XCTAssertEqual(fixed(2.5, 0), "3")
        XCTAssertEqual(fixed(-1.25, 1), "-1.3")
        XCTAssertEqual(formatDelta(-0.03), "−0.0300")
        XCTAssertEqual(formatDelta(0), "±0.0000")
        XCTAssertEqual(formatCoord(12.50), "12.5")
        XCTAssertEqual(formatData(3), "3")
        XCTAssertEqual(fixed(.nan, 2), "NaN")
    }

    /// Writes the sample site to $SITE_PREVIEW_DIR when set, for looking at it in a browser.
    func testWritePreviewWhenAsked() throws {
        let files = try renderSite(SampleResults.make(), theme: .builtIn)
        guard let dir = ProcessInfo.processInfo.environment["SITE_PREVIEW_DIR"] else { return }
        let root = URL(fileURLWithPath: dir)
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }
}

final class EdgeCaseTests: XCTestCase {
    func testEmptySiteAndEmptyCase() throws {
        var results = SampleResults.make()
        results.cases = []
        results.summaries = []
        let empty = try renderSite(results, theme: .builtIn)
        XCTAssertNotNil(empty["index.html"])
        XCTAssertEqual(checkLinks(empty), [])

        var one = SampleResults.make()
        var c = one.cases[0]
        c.file.candidates = []
        c.rankings = c.rankings.map { r in
            var r = r
            r.scores = []; r.order = []; r.pairs = []; r.metrics = nil
            return r
        }
        one.cases = [c]
        let files = try renderSite(one, theme: .builtIn)
        XCTAssertEqual(checkLinks(files), [])
        XCTAssertTrue(text(files, "index.html").contains("no candidates"))
    }

    func testNonFiniteScoresRender() throws {
        var results = SampleResults.make()
        results.cases[1].rankings[2].scores[0] = -.infinity
        results.cases[1].rankings[2].scores[1] = .nan
        let files = try renderSite(results, theme: .builtIn)
        XCTAssertEqual(checkLinks(files), [])
        XCTAssertTrue(text(files, "data/results.json").contains("\"-Infinity\""))
    }

    func testManyCandidatesKeepChartsBounded() throws {
        var results = SampleResults.make()
        var c = results.cases[1]
        let n = 60
        c.file.candidates = (0..<n).map { Candidate(index: $0, text: "doc \($0)", label: $0 % 4, location: SourceLocation(file: "x", line: $0)) }
        c.rankings = c.rankings.map { r in
            var r = r
            r.scores = (0..<n).map { _ in 0.5 }  // all tied: one column of dots
            r.order = rankOrder(scores: r.scores)
            r.pairs = []
            return r
        }
        results.cases = [c]
        let files = try renderSite(results, theme: .builtIn)
        let page = text(files, "cases/music/late-night-coding.html")
        // 12 lanes at most: the strip chart stays under 270 px high (60 lanes would be over 1000).
        let charts = page.components(separatedBy: "class=\"chart strip\" viewBox=\"0 0 480 ").dropFirst()
        XCTAssertFalse(charts.isEmpty, "no strip chart found")
        for match in charts {
            let height = Double(match.prefix { $0 != "\"" }) ?? 1e9
            XCTAssertLessThan(height, 270)
        }
    }
}
