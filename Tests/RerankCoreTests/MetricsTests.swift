import XCTest
@testable import RerankCore

final class MetricsTests: XCTestCase {
    func testHandComputedMetrics() {
        // Ranked labels [1, 2, 0, 2, 0]; highest label 2, first at rank 2.
        // DCG = 1/log2(2) + 2/log2(3) + 2/log2(5) = 3.1232126232897013
        // IDCG (labels sorted [2, 2, 1, 0, 0]) = 2 + 2/log2(3) + 1/log2(4) = 3.761859507142915
        let m = rankingMetrics(order: [2, 1, 0, 4, 3], relevances: [0, 2, 1, 0, 2])
        XCTAssertEqual(m.hit1, 0)
        XCTAssertEqual(m.hit3, 1)
        XCTAssertEqual(m.mrr, 1)
        XCTAssertEqual(m.ndcg10, 0.8302310645465178, accuracy: 1e-12)
    }

    func testTiesInScoreKeepBaselineOrder() {
        // Scores tie pairwise; rankOrder gives [1, 3, 0, 2].
        let order = rankOrder(scores: [0.5, 0.9, 0.5, 0.9])
        XCTAssertEqual(order, [1, 3, 0, 2])
        // Ranked labels [0, 2, 1, 0]: DCG = 2/log2(3) + 1/log2(4); IDCG = 2 + 1/log2(3).
        let m = rankingMetrics(order: order, relevances: [1, 0, 0, 2])
        XCTAssertEqual(m.hit1, 0)
        XCTAssertEqual(m.hit3, 1)
        XCTAssertEqual(m.mrr, 0.5)
        XCTAssertEqual(m.ndcg10, 0.66967181649423, accuracy: 1e-12)
    }

    func testPerfectRanking() {
        let m = rankingMetrics(order: [1, 0, 2], relevances: [1, 3, 0])
        XCTAssertEqual(m, RankingMetrics(hit1: 1, hit3: 1, mrr: 1, ndcg10: 1))
    }

    func testAllZeroLabelsGiveZeros() {
        let m = rankingMetrics(order: [0, 1, 2], relevances: [0, 0, 0])
        XCTAssertEqual(m, RankingMetrics(hit1: 0, hit3: 0, mrr: 0, ndcg10: 0))
        XCTAssertEqual(rankingMetrics(order: [], relevances: []), RankingMetrics(hit1: 0, hit3: 0, mrr: 0, ndcg10: 0))
    }

    func testCutoffAtTen() {
        // The only relevant candidate is ranked 11th: outside NDCG@10, MRR 1/11.
        let relevances = (0..<12).map { $0 == 0 ? 1 : 0 }
        let order = Array(1...10) + [0, 11]
        let m = rankingMetrics(order: order, relevances: relevances)
        XCTAssertEqual(m.ndcg10, 0)
        XCTAssertEqual(m.mrr, 1.0 / 11, accuracy: 1e-15)
        XCTAssertEqual(m.hit3, 0)
    }

    func testIdealUsesOnlyTheTopTenLabels() {
        // Eleven candidates labelled 1; any order of the first ten is ideal.
        let relevances = [Int](repeating: 1, count: 11)
        let m = rankingMetrics(order: Array((0..<11).reversed()), relevances: relevances)
        XCTAssertEqual(m.ndcg10, 1, accuracy: 1e-12)
    }

    func testNegativeLabelsGainNothing() {
        // Ranked labels [-1, 1]: DCG = 1/log2(3), IDCG = 1.
        let m = rankingMetrics(order: [0, 1], relevances: [-1, 1])
        XCTAssertEqual(m.ndcg10, 1 / log2(3.0), accuracy: 1e-12)
        XCTAssertEqual(m.mrr, 0.5)
        XCTAssertEqual(m.hit1, 0)
    }

    func testScoreStats() {
        let scores: [Double] = [1, 3, 2, 2]
        let stats = scoreStats(scores: scores, order: rankOrder(scores: scores))
        XCTAssertEqual(stats.mean, 2)
        XCTAssertEqual(stats.std, 0.5.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(stats.min, 1)
        XCTAssertEqual(stats.max, 3)
        XCTAssertEqual(stats.gap, 1)
        XCTAssertEqual(scoreStats(scores: [0.4], order: [0]), ScoreStats(mean: 0.4, std: 0, min: 0.4, max: 0.4, gap: 0))
        XCTAssertEqual(scoreStats(scores: [], order: []), ScoreStats(mean: 0, std: 0, min: 0, max: 0, gap: 0))
    }

    func testMakeRanking() {
        let pairs = [PairScore(score: 0.2), PairScore(score: 0.7)]
        let ranking = makeRanking(scorer: "s", instruction: "i", variant: .query, scores: [0.2, 0.7],
                                  pairs: pairs, relevances: [0, 1])
        XCTAssertEqual(ranking.order, [1, 0])
        XCTAssertEqual(ranking.rankOf, [2, 1])
        XCTAssertEqual(ranking.metrics, RankingMetrics(hit1: 1, hit3: 1, mrr: 1, ndcg10: 1))
        XCTAssertEqual(ranking.stats.gap, 0.5, accuracy: 1e-15)
        XCTAssertEqual(ranking.pairs, pairs)
        let unlabelled = makeRanking(scorer: "s", instruction: "i", variant: .fused(.rrf), scores: [0.2, 0.7],
                                     pairs: [], relevances: nil)
        XCTAssertNil(unlabelled.metrics)
        XCTAssertEqual(unlabelled.variant, .fused(.rrf))
    }
}
