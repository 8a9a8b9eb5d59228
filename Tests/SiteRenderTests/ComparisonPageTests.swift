import Foundation
import XCTest
import RerankCore
@testable import SiteRender

/// The comparison views: the case page's matrix and slope, the index's intervals and sentences,
/// readable scores near 0 and 1, the explanations and sharing tags, and the typed case model.
final class ComparisonPageTests: XCTestCase {
    func testCaseMatrixHasAColumnPerScorerInstructionAndVariant() throws {
        let files = try renderSite(SampleResults.make(), theme: .builtIn)
        let page = text(files, "cases/music/breakup.html")
        XCTAssertTrue(page.contains("<table class=\"matrix\">"))
        // bm25 ignores the instruction: query, two rewrites, fused. qwen3 reads it: 4 columns per instruction.
        let headings = page.components(separatedBy: "<th scope=\"col\" class=\"c-col\">").dropFirst()
        XCTAssertEqual(headings.count, 12, "4 for bm25, 8 for qwen3-0.6b")
        XCTAssertTrue(page.contains("<span class=\"sub\">instruction 2</span><span class=\"sub\">rewrite 2</span>"))
        XCTAssertTrue(page.contains("<span class=\"sub\">fused (max)</span>"))
        // Instruction 2's cells carry their move against instruction 1.
        XCTAssertTrue(page.contains("<span class=\"vs1 "), "moves against instruction 1")
        // Every column heading links to its panel, and every panel has that id and a visible permalink.
        for anchor in ["i1-bm25-rewrite-1", "i1-qwen3-0.6b-fused-max", "i2-qwen3-0.6b-query"] {
            XCTAssertTrue(page.contains("<a href=\"#\(anchor)\">"), anchor)
            XCTAssertTrue(page.contains("<div class=\"panel\" id=\"\(anchor)\">"), anchor)
            XCTAssertTrue(page.contains("<a class=\"permalink\" href=\"#\(anchor)\""), anchor)
        }
        XCTAssertTrue(page.contains("<a class=\"permalink\" href=\"#matrix\""))
        // The slope chart under the matrix goes from the baseline to the first neural scorer.
        XCTAssertTrue(page.contains("From original to qwen3-0.6b"))
        // The baseline's block has no charts of its own order.
        XCTAssertFalse(page.contains("Scores of original"))
        // Twelve columns: the hint says so at every width.
        XCTAssertTrue(page.contains("12 columns: scroll the table sideways"))
    }

    func testMatrixCellsMatchTheRankings() throws {
        let results = SampleResults.make()
        let c = results.cases[0]
        let site = try SiteContext(results)
        let instructions = site.instructions(of: c)
        let matrix = RankMatrix.make(site: site, result: c, instructions: instructions,
                                     snippets: c.file.candidates.map { _ in "" }, panelAnchor: { r, n in "\(r.scorer)-\(n)" })
        for (k, column) in matrix.columns.enumerated() {
            for row in matrix.rows {
                let cell = row.cells[k]
                let candidate = Int(row.cid.dropFirst()) ?? -1
                XCTAssertEqual(cell.rank, column.ranking.rankOf[candidate])
                let base = site.ranking(c, scorer: "original", instruction: instructions[0])?.rankOf[candidate] ?? 0
                XCTAssertEqual(cell.move.text, movement(before: base, after: cell.rank).text)
                if let first = column.firstInstruction {
                    XCTAssertEqual(first.instruction, instructions[0])
                    XCTAssertEqual(first.variant, column.ranking.variant)
                    XCTAssertEqual(cell.versusFirst?.text, movement(before: first.rankOf[candidate], after: cell.rank).text)
                } else {
                    XCTAssertNil(cell.versusFirst)
                }
            }
        }
    }

    func testScoresNearZeroAndOneStayReadable() throws {
        var results = SampleResults.make()
        let i = results.cases.firstIndex { $0.file.slug == "music/late-night-coding" } ?? 0
        let n = results.cases[i].file.candidates.count
        let saturated = [0.999_98, 0.999_91, 3.1e-7, 0.999_999_5, 2.4e-5, 0.999_97].prefix(n).map { $0 }
        for k in results.cases[i].rankings.indices where results.cases[i].rankings[k].scorer == "qwen3-0.6b" {
            var r = results.cases[i].rankings[k]
            r.scores = saturated
            r.pairs = saturated.map { PairScore(score: $0, logit: log($0 / (1 - $0)), tokens: 50, truncated: false, seconds: 0) }
            r.order = rankOrder(scores: saturated)
            r.stats = scoreStats(scores: saturated, order: r.order)
            results.cases[i].rankings[k] = r
        }
        let page = text(try renderSite(results, theme: .builtIn), "cases/music/late-night-coding.html")
        // Four decimals would print 1.0000 three times; the distances tell them apart.
        XCTAssertTrue(page.contains(">1 − 2.0×10⁻⁵<"), "0.99998")
        XCTAssertTrue(page.contains(">1 − 9.0×10⁻⁵<"), "0.99991")
        XCTAssertTrue(page.contains(">1 − 3.0×10⁻⁵<"), "0.99997")
        XCTAssertTrue(page.contains(">3.1×10⁻⁷<"))
        XCTAssertTrue(page.contains("log-odds axis (the scorer&#39;s logit)"), "the chart says which axis it uses")
        XCTAssertTrue(page.contains("within 0.001 of 0 or 1"))
        // Other scorers keep plain scores on their axis.
        XCTAssertTrue(page.contains("score axis from"))
    }

    func testScoreReadoutFormatting() {
        XCTAssertFalse(ScoreReadout(scores: [0.2, 0.9999]).saturated)
        XCTAssertFalse(ScoreReadout(scores: [0.9999]).saturated, "one score needs nothing told apart")
        // 1.90e-5 and 1.87e-5 need three digits to differ.
        let r = ScoreReadout(scores: [0.999_981, 0.999_981_3, 0.0004])
        XCTAssertTrue(r.saturated)
        XCTAssertEqual(r.text(0.999_981), "1 − 1.90×10⁻⁵")
        XCTAssertEqual(r.text(0.999_981_3), "1 − 1.87×10⁻⁵")
        XCTAssertEqual(r.text(0.0004), "4.00×10⁻⁴")
        XCTAssertEqual(ScoreReadout.scientific(9.96e-6, digits: 2), "1.0×10⁻⁵", "a mantissa rounded to 10 moves up a power")
        XCTAssertEqual(ScoreReadout.nearBound(1, digits: 2), "1")
        XCTAssertEqual(ScoreReadout.nearBound(0, digits: 2), "0")
        let odds = ScoreReadout.logOdds(scores: [1, 0.5, 0], pairs: [])
        XCTAssertEqual(odds[1], 0)
        XCTAssertGreaterThan(odds[0], odds[1])
        XCTAssertLessThan(odds[2], odds[1])
    }

    func testIndexComparesEverySlotAndVariantWithIntervals() throws {
        let files = try renderSite(SampleResults.make(), theme: .builtIn)
        let index = text(files, "index.html")
        XCTAssertTrue(index.contains("Is the difference real?"))
        XCTAssertNotNil(index.range(of: #"With \d+ cases, bm25 vs original on NDCG@10: [+−±]\d\.\d{3} \[[+−±]\d\.\d{3}, [+−±]\d\.\d{3}\], p [=<] \d\.\d+"#, options: .regularExpression), "the plain sentence")
        XCTAssertTrue(index.contains("instruction 2 · original query"), "the second instruction is summarised")
        XCTAssertTrue(index.contains("query + rewrites, fused by max"), "the fused variant is summarised")
        XCTAssertTrue(index.contains("10,000 resamples"))
        let json = try JSONSerialization.jsonObject(with: Data(files["data/results.json"] ?? [])) as? [String: Any]
        let comparisons = json?["comparisons"] as? [[String: Any]] ?? []
        XCTAssertFalse(comparisons.isEmpty)
        XCTAssertEqual(comparisons.first?["variant"] as? String, "query")
    }

    func testSharingTagsAndExplanations() throws {
        var results = SampleResults.make()
        results.baseURL = "https://example.org/rerank"
        let files = try renderSite(results, theme: .builtIn)
        let page = text(files, "cases/music/breakup.html")
        XCTAssertTrue(page.contains("<meta name=\"description\" content=\"Query: 分手后不想哭,想笑得洒脱. 8 candidates ranked by original, bm25, qwen3-0.6b"))
        XCTAssertTrue(page.contains("<meta property=\"og:url\" content=\"https://example.org/rerank/cases/music/breakup.html\">"))
        XCTAssertTrue(page.contains("<meta property=\"og:type\" content=\"article\">"))
        XCTAssertTrue(page.contains("<meta name=\"twitter:card\" content=\"summary\">"))
        XCTAssertTrue(page.contains("What you are looking at"))
        XCTAssertTrue(text(files, "index.html").contains("<meta property=\"og:url\" content=\"https://example.org/rerank/index.html\">"))
        // Without a base URL there is no absolute address to give.
        let local = try renderSite(SampleResults.make(), theme: .builtIn)
        XCTAssertFalse(text(local, "index.html").contains("og:url"))
        XCTAssertTrue(text(local, "index.html").contains("<meta name=\"description\" content=\"6 reranking cases"))
        XCTAssertTrue(text(local, "assets/style.css").contains("@media print"))
    }

    func testTheExplanationCanBeRewrittenOrRemoved() throws {
        var theme = Theme.builtIn
        theme.templates["about-case"] = ""
        theme.templates["about-index"] = "<p class=\"ours\">{{baseline}} is our search engine.</p>"
        let files = try renderSite(SampleResults.make(), theme: theme)
        XCTAssertFalse(text(files, "cases/music/breakup.html").contains("What you are looking at"))
        XCTAssertTrue(text(files, "index.html").contains("<p class=\"ours\">original is our search engine.</p>"))
    }

    func testCaseTemplateAskingForANameTheTypedModelLacksIsAnError() {
        var theme = Theme.builtIn
        theme.templates["case"] = "{{#matrix}}{{#columns}}{{scorer}}{{colour}}{{/columns}}{{/matrix}}{{#blocks}}{{#scorers}}{{#panels}}{{titel}}{{/panels}}{{/scorers}}{{/blocks}}"
        XCTAssertThrowsError(try renderSite(SampleResults.make(), theme: theme)) { error in
            guard case let SiteRenderError.missingValues(values) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(Set(values.map(\.name)), ["colour", "titel"])
        }
    }
}

final class NamedSlopeTests: XCTestCase {
    func testFrontMatterNamesTheSlopeChartsRankings() throws {
        var results = SampleResults.make()
        results.cases[0].file.slope = [RankingColumn(scorer: "bm25", variant: .fused),
                                       RankingColumn(scorer: "qwen3-0.6b", instruction: 2, variant: .rewrite(1))]
        let page = text(try renderSite(results, theme: .builtIn), "cases/music/breakup.html")
        XCTAssertTrue(page.contains("From bm25/fused to qwen3-0.6b/rewrite-1@2"), "the named pair")
        XCTAssertFalse(page.contains("showing the default instead"))
    }

    func testAMissingNamedRankingFallsBackAndSaysSo() throws {
        var results = SampleResults.make()
        results.cases[0].file.slope = [RankingColumn(scorer: "bm25"), RankingColumn(scorer: "qwen3-8b")]
        let page = text(try renderSite(results, theme: .builtIn), "cases/music/breakup.html")
        XCTAssertTrue(page.contains("From original to qwen3-0.6b"), "the default")
        XCTAssertTrue(page.contains("this build has no ranking &#39;qwen3-8b&#39;; showing the default instead"))
    }
}
