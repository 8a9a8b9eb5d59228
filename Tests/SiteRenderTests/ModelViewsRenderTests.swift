import Foundation
import XCTest
import RerankCore
@testable import SiteRender

/// Model cards, scorer checks (degenerate scores, backend parity) and the threshold view on the pages.
final class ModelViewsRenderTests: XCTestCase {
    /// The sample site plus `qwen3-http`, the same model over http with slightly different scores in
    /// one case, and `flat`, a server that gives every candidate 0.5.
    static func results() -> SiteResults {
        var results = SampleResults.make()
        for i in results.cases.indices {
            var extra: [Ranking] = []
            for r in results.cases[i].rankings where r.scorer == "qwen3-0.6b" && r.variant == .query {
                var scores = r.scores
                if i == 0, scores.count >= 2 {
                    // The top candidate drops just below the second: one pair changes order.
                    let order = rankOrder(scores: scores)
                    scores[order[0]] = scores[order[1]] - 0.05
                }
                extra.append(makeRanking(scorer: "qwen3-http", instruction: r.instruction, variant: .query, scores: scores,
                                         pairs: [], relevances: results.cases[i].file.hasLabels ? results.cases[i].file.relevances : nil))
                extra.append(makeRanking(scorer: "flat", instruction: r.instruction, variant: .query,
                                         scores: r.scores.map { _ in 0.5 }, pairs: [],
                                         relevances: results.cases[i].file.hasLabels ? results.cases[i].file.relevances : nil))
            }
            results.cases[i].rankings += extra
        }
        results.scorers += ["qwen3-http", "flat"]
        results.cards = [
            ScorerCard(id: "original", kind: "original", name: "first-stage order", backend: "baseline", isBaseline: true, readsInstruction: false),
            ScorerCard(id: "bm25", kind: "bm25", name: "BM25", backend: "baseline", isBaseline: true, readsInstruction: false, settings: "k1 1.2, b 0.75"),
            ScorerCard(id: "qwen3-0.6b", kind: "qwen3-reranker", name: "Qwen/Qwen3-Reranker-0.6B", backend: "native engine (Swift, CPU)",
                       model: "Qwen/Qwen3-Reranker-0.6B", parameters: 595_776_512, bytes: 1_191_586_416,
                       revision: "6e9e69830b95c52b5fd889b7690dda3329508de3", storedDType: "BF16", precision: "fp32",
                       maxLength: 8192, promptVersion: "qwen3-reranker-transformers-1", readsInstruction: true, scoredOn: "2026-11-30"),
            ScorerCard(id: "qwen3-http", kind: "http", name: "Qwen/Qwen3-Reranker-0.6B", backend: "http server, jina request shape",
                       model: "qwen/qwen3-reranker-0.6b", readsInstruction: true, endpointHost: "127.0.0.1:8000"),
            ScorerCard(id: "flat", kind: "http", name: "the model served at 10.0.0.2", backend: "http server, jina request shape",
                       readsInstruction: true, endpointHost: "10.0.0.2"),
        ]
        results.checks = ScorerChecks(cases: results.cases, cards: results.cards, settings: ScorerCheckSettings())
        return results
    }

    func testIndexShowsCardsChecksParityAndThresholds() throws {
        let results = Self.results()
        XCTAssertEqual(results.checks.parity.map { "\($0.first)/\($0.second)" }, ["qwen3-0.6b/qwen3-http"])
        XCTAssertTrue(results.checks.parity[0].exceedsTolerance)
        let files = try renderSite(results, theme: .builtIn)
        let index = text(files, "index.html")
        // Cards: the model named for people, its size, revision, dtype and precision; no fingerprint there.
        XCTAssertTrue(index.contains("<section id=\"models\""))
        XCTAssertTrue(index.contains("Qwen/Qwen3-Reranker-0.6B"))
        XCTAssertTrue(index.contains("596M (595,776,512)"))
        XCTAssertTrue(index.contains("1.19 GB"))
        XCTAssertTrue(index.contains("6e9e69830b95c52b5fd889b7690dda3329508de3"))
        XCTAssertTrue(index.contains("<dt>Stored as</dt><dd dir=\"auto\">BF16</dd>"))
        XCTAssertTrue(index.contains("<dt>Computed in</dt><dd dir=\"auto\">fp32</dd>"))
        XCTAssertTrue(index.contains("<dt>Server</dt><dd dir=\"auto\">127.0.0.1:8000</dd>"))
        XCTAssertTrue(index.contains("2026-11-30 (UTC; the newest cached score)"))
        // The summary's column heads name the model, not the kind or a hash.
        XCTAssertTrue(index.contains("<span class=\"scorer-id\">qwen3-0.6b</span><span class=\"kind\">Qwen/Qwen3-Reranker-0.6B</span>"))
        // Degenerate scores: the flat server, naming cases with links.
        XCTAssertTrue(index.contains("<span class=\"scorer-id\">flat</span> gives every candidate (nearly) the same score in"))
        XCTAssertTrue(index.contains("href=\"cases/"))
        // Parity: the pair, its numbers, and the case whose order flips.
        XCTAssertTrue(index.contains("id=\"parity-qwen3-0.6b-qwen3-http\""))
        XCTAssertTrue(index.contains("both run Qwen/Qwen3-Reranker-0.6B"))
        XCTAssertTrue(index.contains("They disagree beyond the tolerance"))
        XCTAssertTrue(index.contains("<table class=\"parity-cases\">"))
        // Thresholds: a table row and a chart per scorer with labelled pairs.
        XCTAssertTrue(index.contains("<table class=\"thresholds\">"))
        XCTAssertEqual(index.components(separatedBy: "class=\"chart thresholds\"").count - 1, results.checks.thresholds.count)
        XCTAssertGreaterThan(results.checks.thresholds.count, 0)
        // results.json carries the cards and the checks.
        let json = try JSONSerialization.jsonObject(with: Data(text(files, "data/results.json").utf8)) as? [String: Any]
        XCTAssertEqual((json?["models"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.count, 5)
        let checks = json?["checks"] as? [String: Any]
        XCTAssertEqual((checks?["parity"] as? [[String: Any]])?.first?["second"] as? String, "qwen3-http")
        XCTAssertEqual((checks?["degenerate"] as? [[String: Any]])?.first?["kind"] as? String, "constant")
        XCTAssertNotNil((checks?["thresholds"] as? [[String: Any]])?.first?["bestF1"])
    }

    func testCasePageWarnsAboutItsOwnCaseOnly() throws {
        let results = Self.results()
        let files = try renderSite(results, theme: .builtIn)
        let flipped = results.checks.parity[0].cases.filter { !$0.flips.isEmpty }.map(\.slug)
        XCTAssertFalse(flipped.isEmpty)
        for c in results.cases {
            guard let path = try? SitePaths.casePage(slug: c.file.slug) else { continue }
            let page = text(files, path)
            XCTAssertTrue(page.contains("<aside class=\"warning-box\""), "\(path): flat is constant everywhere")
            XCTAssertEqual(page.contains("qwen3-0.6b / qwen3-http</span> run the same model"), flipped.contains(c.file.slug), path)
        }
    }

    func testAgreeingScorersGetNoWarning() throws {
        var results = Self.results()
        results.cards = results.cards.filter { $0.id != "flat" }
        results.checks = ScorerChecks(cases: results.cases, cards: results.cards, settings: ScorerCheckSettings(parityTolerance: 1))
        // Within a loose tolerance, only the order flips are reported, no warning line.
        XCTAssertFalse(results.checks.parity[0].exceedsTolerance)
        XCTAssertEqual(results.checks.warnings, [])
        let index = text(try renderSite(results, theme: .builtIn), "index.html")
        XCTAssertTrue(index.contains("They agree within the tolerance."))
        XCTAssertTrue(index.contains("No scorer gave constant scores"))
    }

    func testSmallDifferencesStayReadable() {
        XCTAssertEqual(formatSmall(0), "0")
        XCTAssertEqual(formatSmall(3.24e-7), "3.2e−7")
        XCTAssertEqual(formatSmall(9.96e-5), "1.0e−4")
        XCTAssertEqual(formatSmall(0.0123), "0.0123")
    }
}
