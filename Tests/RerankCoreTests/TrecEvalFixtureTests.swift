import Foundation
import XCTest
@testable import RerankCore

/// Every metric against trec_eval's own values (pytrec-eval-terrier) on the run file the site
/// exports, from Fixtures/trec_eval.json (written by scripts/metrics/make_trec_fixture.py).
final class TrecEvalFixtureTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var qid: String
            var scores: [Double]
            var labels: [Int?]
            var order: [Int]
            var runScores: [Double]
            var expected: [String: Double]?
        }
        var metrics: [String: String]
        var casesWhereTrecEvalTieRuleDiffers: [String]
        var cases: [Case]
    }

    func loadFixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/trec_eval.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testEveryMetricEqualsTrecEvalOnTheExportedRun() throws {
        let fixture = try loadFixture()
        XCTAssertGreaterThan(fixture.casesWhereTrecEvalTieRuleDiffers.count, 0, "the fixture must exercise ties")
        var maxDifference = 0.0, compared = 0
        for c in fixture.cases {
            let order = rankOrder(scores: c.scores)
            XCTAssertEqual(order, c.order, "\(c.qid): site order")
            XCTAssertEqual(runFileScores(scores: c.scores, order: order), c.runScores, "\(c.qid): run file scores")
            let hasLabels = c.labels.contains { $0 != nil }
            guard let expected = c.expected else {
                XCTAssertFalse(hasLabels, "\(c.qid): trec_eval left out a labelled case")
                continue
            }
            let relevances = c.labels.map { $0 ?? 0 }
            for (name, measure) in fixture.metrics.sorted(by: { $0.key < $1.key }) {
                let metric = try XCTUnwrap(MetricName(name), name)
                XCTAssertEqual(metric.trecEvalMeasure, measure)
                let want = try XCTUnwrap(expected[name])
                let got = metricValue(metric, order: order, relevances: relevances)
                maxDifference = max(maxDifference, abs(got - want))
                compared += 1
                XCTAssertEqual(got, want, accuracy: 1e-12, "\(c.qid) \(name)")
            }
        }
        print("trec_eval fixture: \(compared) values, max difference \(maxDifference)")
        XCTAssertGreaterThan(compared, 100)
    }

    /// The metrics every ranking carries come from the same place: MRR and NDCG@10 equal trec_eval's.
    func testRankingMetricsEqualTrecEval() throws {
        for c in try loadFixture().cases {
            guard let expected = c.expected else { continue }
            let m = rankingMetrics(order: rankOrder(scores: c.scores), relevances: c.labels.map { $0 ?? 0 })
            XCTAssertEqual(m.mrr, try XCTUnwrap(expected["mrr"]), accuracy: 1e-12, c.qid)
            XCTAssertEqual(m.ndcg10, try XCTUnwrap(expected["ndcg@10"]), accuracy: 1e-12, c.qid)
        }
    }

    func testMetricNamesParseAndPrint() {
        for text in ["ndcg@10", "map", "mrr", "p@5", "recall@20", "hit@1", "NDCG@3"] {
            XCTAssertEqual(MetricName(text)?.name, text.lowercased())
        }
        for text in ["ndcg", "ndcg@0", "ndcg@-1", "p@x", "ndcg@05", "bleu", "hit@", "@3", "map@3"] {
            XCTAssertNil(MetricName(text), text)
        }
    }

    func testRunFileScoresStayStrictlyDecreasingAsFloats() {
        let scores = [0.5, 0.5, 0.1234567891, 0.1234567890, -Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude]
        let order = rankOrder(scores: scores)
        let out = runFileScores(scores: scores, order: order)
        for i in 1..<out.count - 1 { XCTAssertLessThan(Float(out[i]), Float(out[i - 1]), "line \(i)") }
        XCTAssertEqual(out[0], 0.5)
        XCTAssertEqual(out[2], 0.1234567891)
    }
}
