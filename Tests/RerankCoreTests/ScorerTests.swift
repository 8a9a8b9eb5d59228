import Foundation
import XCTest
@testable import RerankCore

final class ScorerTests: XCTestCase {
    func testBM25MatchesHandComputation() async throws {
        // Terms: D0 [a b] (2), D1 [a c c] (3), D2 [d] (1); avgdl 2; N 3; df(a) 2, df(c) 1.
        // idf(a) = ln(1 + 1.5/2.5) = ln 1.6; idf(c) = ln(1 + 2.5/1.5) = ln(8/3).
        // D0: norm = 1.2·(0.25 + 0.75·1) = 1.2 → ln1.6 · 1·2.2/2.2.
        // D1: norm = 1.2·(0.25 + 0.75·1.5) = 1.65 → ln1.6·2.2/2.65 + ln(8/3)·2·2.2/3.65.
        let scores = bm25Scores(query: "C a", documents: ["a b", "A, c c", "d"])
        XCTAssertEqual(scores[0], 0.47000362924573563, accuracy: 1e-12)
        XCTAssertEqual(scores[1], 1.5725612026838962, accuracy: 1e-12)
        XCTAssertEqual(scores[2], 0)
    }

    func testBM25QueryRepeatsCountPerOccurrence() {
        let once = bm25Scores(query: "a", documents: ["a b", "c"])
        let twice = bm25Scores(query: "a a", documents: ["a b", "c"])
        XCTAssertEqual(twice[0], 2 * once[0], accuracy: 1e-12)
        XCTAssertGreaterThan(once[0], 0)
    }

    func testBM25EdgeCases() {
        XCTAssertEqual(bm25Scores(query: "a", documents: []), [])
        XCTAssertEqual(bm25Scores(query: "a", documents: ["", ""]), [0, 0])
        XCTAssertEqual(bm25Scores(query: "", documents: ["a"]), [0])
    }

    func testBM25ScorerOnChinese() async throws {
        let scorer = BM25Scorer()
        XCTAssertEqual(scorer.fingerprint, "bm25:k1=1.2,b=0.75,terms=v1")
        XCTAssertEqual(scorer.kind, "bm25")
        XCTAssertTrue(scorer.dependsOnCollection)
        XCTAssertFalse(scorer.usesInstruction)
        let request = ScoreRequest(instruction: "ignored", query: "北京大学",
                                   documents: ["上海的天气", "北京大学的历史", "北京烤鸭"])
        let result = try await scorer.score([request, request])
        XCTAssertEqual(result.count, 2)
        XCTAssertEqual(result[0], result[1])
        XCTAssertEqual(rankOrder(scores: result[0].map(\.score)), [1, 2, 0])
        XCTAssertEqual(result[0][0].score, 0)
    }

    func testOriginalOrderScorer() async throws {
        let scorer = OriginalOrderScorer()
        XCTAssertEqual(scorer.kind, "original")
        XCTAssertTrue(scorer.dependsOnCollection)
        XCTAssertFalse(scorer.usesInstruction)
        let result = try await scorer.score([
            ScoreRequest(instruction: "", query: "q", documents: ["x", "y", "x", "z"]),
            ScoreRequest(instruction: "", query: "q", documents: []),
        ])
        XCTAssertEqual(result[0].map(\.score), [1, 0.75, 0.5, 0.25])
        XCTAssertEqual(result[1], [])
        XCTAssertEqual(rankOrder(scores: result[0].map(\.score)), [0, 1, 2, 3])
    }
}
