import XCTest
@testable import RerankCore

final class ComparisonTests: XCTestCase {
    func testRowsPerScorerSlotAndVariant() {
        let cases = [
            makeCase("a", labels: [0, 1], rankings: [
                ("original", "first", .query, [1, 0.5]),
                ("bm25", "first", .query, [0.1, 0.9]),
                ("qwen", "first", .query, [0.1, 0.9]),
                ("qwen", "second", .query, [0.9, 0.1]),
                ("qwen", "first", .rewrite(1), [0.9, 0.1]),     // a rewrite alone: shown on the case page only
                ("qwen", "first", .fused(.max), [0.9, 0.95]),
            ]),
            makeCase("b", labels: [2, nil], rankings: [
                ("original", "first", .query, [1, 0.5]),
                ("bm25", "first", .query, [3, 3]),
                ("qwen", "first", .query, [0.2, 0.1]),
            ], instructions: ["first"]),
            // Unlabelled: never compared.
            makeCase("c", labels: [nil, nil], rankings: [
                ("original", "first", .query, [1, 0.5]),
                ("qwen", "first", .query, [0.2, 0.1]),
            ]),
        ]
        let rows = compareWithBaseline(cases: cases, scorers: ["original", "bm25", "qwen"], baseline: "original")
        XCTAssertEqual(rows.map { "\($0.scorer) \($0.instructionSlot) \($0.variant.name) \($0.cases)" },
                       ["bm25 1 query 2", "qwen 1 query 2", "qwen 1 fused-max 1", "qwen 2 query 1"])
        let ndcg = rows[0].metrics.first { $0.metric == "NDCG@10" }
        // Case a: bm25 1 against 1/log2(3); case b: 1 against 1.
        let expected = (1 - 1 / log2(3.0)) / 2
        XCTAssertEqual(ndcg?.difference ?? 0, expected, accuracy: 1e-12)
        XCTAssertEqual(ndcg?.mean ?? 0, 1, accuracy: 1e-12)
        // Two cases: differences {d, 0}; exact sign flips: |sum| ≥ d for all four assignments.
        XCTAssertEqual(ndcg?.pValue, 1)
        XCTAssertEqual(ndcg?.exact, true)
        XCTAssertEqual(ndcg?.lower ?? -1, 0, accuracy: 1e-12)
        XCTAssertEqual(ndcg?.upper ?? -1, 2 * expected, accuracy: 1e-12)
        // One case: a p-value but no interval, and no clear verdict.
        let fused = rows[2].metrics[3]
        XCTAssertNil(fused.lower)
        XCTAssertEqual(DifferenceVerdict(fused), .unclear)
    }

    func testVerdictNeedsIntervalAndPValue() {
        var c = MetricComparison(metric: "m", mean: 0.6, baselineMean: 0.4, difference: 0.2, lower: 0.05, upper: 0.3,
                                 pValue: 0.01, exact: true)
        XCTAssertEqual(DifferenceVerdict(c), .higher)
        c.pValue = 0.2
        XCTAssertEqual(DifferenceVerdict(c), .unclear)
        c = MetricComparison(metric: "m", mean: 0.2, baselineMean: 0.4, difference: -0.2, lower: -0.3, upper: -0.01,
                             pValue: 0.001, exact: false)
        XCTAssertEqual(DifferenceVerdict(c), .lower)
        c.upper = 0.01
        XCTAssertEqual(DifferenceVerdict(c), .unclear)
    }
}
