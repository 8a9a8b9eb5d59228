import XCTest
@testable import RerankCore

/// A case result for summary tests: candidates with these labels, rankings made by `makeRanking`.
func makeCase(_ slug: String, labels: [Int?], rankings: [(String, String, RankingVariant, [Double])],
              instructions: [String] = ["first", "second"]) -> CaseResult {
    let candidates = labels.enumerated().map { i, label in
        Candidate(index: i, text: "doc \(i)", label: label, location: SourceLocation(file: slug, line: i + 1))
    }
    let file = CaseFile(path: "\(slug).md", section: [], slug: slug, title: slug, tags: [], instructions: [],
                        draft: false, query: "q", rewrites: [], candidates: candidates, intro: "",
                        sections: [], sourceHash: "")
    let relevances = file.hasLabels ? file.relevances : nil
    return CaseResult(file: file, instructions: instructions, rankings: rankings.map { scorer, instruction, variant, scores in
        makeRanking(scorer: scorer, instruction: instruction, variant: variant, scores: scores,
                    pairs: [], relevances: relevances)
    })
}

final class SummaryTests: XCTestCase {
    func testSummaryAveragesWinsAndScores() {
        let cases = [
            // Labelled: original puts the relevant doc 2nd, bm25 first → bm25 wins.
            makeCase("a", labels: [0, 1], rankings: [
                ("original", "first", .query, [1, 0.5]),
                ("bm25", "first", .query, [0.1, 0.9]),
                ("bm25", "second", .query, [0.9, 0.1]),       // other instruction: not in metrics
                ("bm25", "first", .fused(.max), [0.9, 0.1]),    // fused: neither metrics nor allScores
            ]),
            // Labelled, unlabelled candidate counts 0: both rank the relevant doc first → tie.
            makeCase("b", labels: [2, nil], rankings: [
                ("original", "first", .query, [1, 0.5]),
                ("bm25", "first", .query, [3, 3]),
            ]),
            // Unlabelled: only allScores.
            makeCase("c", labels: [nil, nil], rankings: [
                ("original", "first", .query, [1, 0.5]),
                ("bm25", "first", .query, [0.25, 0.75]),
            ]),
        ]
        let scorers = [(id: "original", kind: "original", fingerprint: "o"), (id: "bm25", kind: "bm25", fingerprint: "b")]
        let summaries = summarize(cases: cases, scorers: scorers, baseline: "original")
        XCTAssertEqual(summaries.map(\.scorer), ["original", "bm25"])

        let original = summaries[0]
        XCTAssertEqual(original.labelledCases, 2)
        XCTAssertEqual(original.correctFirst, 1)
        XCTAssertEqual(original.versusBaseline, WinTieLoss(wins: 0, ties: 2, losses: 0))
        // Case a: NDCG = (1/log2 3) / 1; case b: 1.
        XCTAssertEqual(original.meanMetrics?.ndcg10 ?? -1, (1 / log2(3.0) + 1) / 2, accuracy: 1e-12)
        XCTAssertEqual(original.meanMetrics?.mrr, 0.75)
        XCTAssertEqual(original.meanMetrics?.hit1, 0.5)

        let bm25 = summaries[1]
        XCTAssertEqual(bm25.kind, "bm25")
        XCTAssertEqual(bm25.fingerprint, "b")
        XCTAssertEqual(bm25.labelledCases, 2)
        XCTAssertEqual(bm25.correctFirst, 2)
        XCTAssertEqual(bm25.meanMetrics, RankingMetrics(hit1: 1, hit3: 1, mrr: 1, ndcg10: 1))
        XCTAssertEqual(bm25.versusBaseline, WinTieLoss(wins: 1, ties: 1, losses: 0))
        XCTAssertEqual(bm25.allScores, [0.1, 0.9, 0.9, 0.1, 3, 3, 0.25, 0.75])
    }

    func testLossAndNoLabelledCases() {
        let cases = [makeCase("a", labels: [1, 0], rankings: [
            ("original", "first", .query, [1, 0.5]),
            ("bm25", "first", .query, [0, 1]),
        ])]
        let scorers = [(id: "original", kind: "original", fingerprint: "o"), (id: "bm25", kind: "bm25", fingerprint: "b")]
        XCTAssertEqual(summarize(cases: cases, scorers: scorers, baseline: "original")[1].versusBaseline,
                       WinTieLoss(wins: 0, ties: 0, losses: 1))

        let unlabelled = [makeCase("c", labels: [nil], rankings: [("bm25", "first", .query, [0.3])])]
        let summary = summarize(cases: unlabelled, scorers: [scorers[1]], baseline: "original")[0]
        XCTAssertEqual(summary.labelledCases, 0)
        XCTAssertNil(summary.meanMetrics)
        XCTAssertEqual(summary.correctFirst, 0)
        XCTAssertEqual(summary.versusBaseline, WinTieLoss())
        XCTAssertEqual(summary.allScores, [0.3])
    }
}
