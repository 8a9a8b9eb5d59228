import Foundation
import XCTest
@testable import Cache
import RerankCore

final class CachedScoringTests: XCTestCase {
    var folder: URL!
    var path: URL { folder.appendingPathComponent("cache.sqlite") }

    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testMissThenHitAcrossInstances() async throws {
        let scorer = CountingScorer()
        let first = try await CachedScoring.score(sampleRequests, with: scorer, cache: try ScoreCache(path: path))
        XCTAssertEqual(first.scored, 5)
        XCTAssertEqual(first.cached, 0)
        XCTAssertEqual(scorer.pairs, 5)
        XCTAssertEqual(first.scores.map { $0.count }, [3, 2])
        let expected = 7.0 / 100 + 10  // "weather", instruction "find songs", as the fake computes it
        XCTAssertEqual(first.scores[0][2], PairScore(score: expected, logit: expected - 1, tokens: 7, truncated: true, seconds: 0.25))

        let second = try await CachedScoring.score(sampleRequests, with: scorer, cache: try ScoreCache(path: path))
        XCTAssertEqual(second.scored, 0)
        XCTAssertEqual(second.cached, 5)
        XCTAssertEqual(scorer.pairs, 5, "a full hit must not call the scorer")
        XCTAssertEqual(second.scores, first.scores)
    }

    func testEditingOneCandidateRescoresExactlyThatPair() async throws {
        let scorer = CountingScorer()
        let cache = try ScoreCache(path: path)
        _ = try await CachedScoring.score(sampleRequests, with: scorer, cache: cache)
        var edited = sampleRequests
        edited[0].documents[1] = "a happy song, edited"
        let result = try await CachedScoring.score(edited, with: scorer, cache: cache)
        XCTAssertEqual(result.scored, 1)
        XCTAssertEqual(result.cached, 4)
        XCTAssertEqual(scorer.requests.last, ScoreRequest(instruction: "find songs", query: "breakup",
                                                          documents: ["a happy song, edited"]))
        XCTAssertEqual(result.scores[0][1].score, 10.2, accuracy: 1e-12)
    }

    func testReducedRequestKeepsDocumentOrder() async throws {
        let scorer = CountingScorer()
        let cache = try ScoreCache(path: path)
        _ = try await CachedScoring.score([ScoreRequest(instruction: "i", query: "q", documents: ["b"])],
                                          with: scorer, cache: cache)
        let result = try await CachedScoring.score(
            [ScoreRequest(instruction: "i", query: "q", documents: ["a", "b", "c"])], with: scorer, cache: cache)
        XCTAssertEqual(scorer.requests.last?.documents, ["a", "c"])
        for score in result.scores[0] { XCTAssertEqual(score.score, 1.01, accuracy: 1e-12) }
        XCTAssertEqual(result.scored, 2)
    }

    func testChangedFingerprintRescoresEverything() async throws {
        let cache = try ScoreCache(path: path)
        _ = try await CachedScoring.score(sampleRequests, with: CountingScorer(fingerprint: "fake:v1"), cache: cache)
        let newer = CountingScorer(fingerprint: "fake:v2")
        let result = try await CachedScoring.score(sampleRequests, with: newer, cache: cache)
        XCTAssertEqual(result.scored, 5)
        XCTAssertEqual(newer.pairs, 5)
        // The scorer's id is not part of the key.
        let renamed = CountingScorer(id: "other-name", fingerprint: "fake:v2")
        let again = try await CachedScoring.score(sampleRequests, with: renamed, cache: cache)
        XCTAssertEqual(again.scored, 0)
    }

    func testCollectionScorerRescoresTheWholeRequest() async throws {
        let scorer = CountingScorer(dependsOnCollection: true, usesInstruction: false)
        let cache = try ScoreCache(path: path)
        _ = try await CachedScoring.score(sampleRequests, with: scorer, cache: cache)
        var edited = sampleRequests
        edited[0].documents[2] = "sunshine"
        let result = try await CachedScoring.score(edited, with: scorer, cache: cache)
        XCTAssertEqual(result.scored, 3)
        XCTAssertEqual(result.cached, 2)
        XCTAssertEqual(scorer.requests.last, edited[0])
        for (score, expected) in zip(result.scores[0], [0.1, 1.12, 2.08]) { XCTAssertEqual(score.score, expected, accuracy: 1e-12) }
    }

    func testInputOrderWithDuplicateDocumentsSurvivesTheCache() async throws {
        let scorer = OriginalOrderScorer()
        let cache = try ScoreCache(path: path)
        let request = ScoreRequest(instruction: "", query: "q", documents: ["x", "y", "x"])
        let first = try await CachedScoring.score([request], with: scorer, cache: cache)
        let second = try await CachedScoring.score([request], with: scorer, cache: cache)
        XCTAssertEqual(second.cached, 3)
        XCTAssertEqual(second.scores, first.scores)
        XCTAssertEqual(rankOrder(scores: second.scores[0].map(\.score)), [0, 1, 2])
    }

    func testInstructionSplitsTheCacheOnlyForScorersThatReadIt() async throws {
        let twoInstructions = [
            ScoreRequest(instruction: "one", query: "q", documents: ["a", "b", "c"]),
            ScoreRequest(instruction: "second", query: "q", documents: ["a", "b", "c"]),
        ]
        let blind = CountingScorer(fingerprint: "blind", usesInstruction: false)
        let blindResult = try await CachedScoring.score(twoInstructions, with: blind, cache: try ScoreCache(path: path))
        XCTAssertEqual(blindResult.scored, 3, "repeated pairs are scored once")
        XCTAssertEqual(blindResult.cached, 3)
        XCTAssertEqual(blindResult.scores[0], blindResult.scores[1])

        let reader = CountingScorer(fingerprint: "reader", usesInstruction: true)
        let readerResult = try await CachedScoring.score(twoInstructions, with: reader, cache: try ScoreCache(path: path))
        XCTAssertEqual(readerResult.scored, 6)
        XCTAssertNotEqual(readerResult.scores[0], readerResult.scores[1])
    }

    func testNothingIsStoredWhenTheScorerThrows() async throws {
        let scorer = CountingScorer()
        scorer.fails = true
        let cache = try ScoreCache(path: path)
        do {
            _ = try await CachedScoring.score(sampleRequests, with: scorer, cache: cache)
            XCTFail("expected the scorer's error")
        } catch is CountingScorer.Failure {
        }
        XCTAssertEqual(try cache.stats().totalRows, 0)
    }

    func testWrongNumberOfScoresIsAnError() async throws {
        struct ShortScorer: Scorer {
            var id: String { "short" }
            var kind: String { "short" }
            var fingerprint: String { "short" }
            var dependsOnCollection: Bool { false }
            var usesInstruction: Bool { false }
            func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
                requests.map { _ in [PairScore(score: 1)] }
            }
        }
        let cache = try ScoreCache(path: path)
        do {
            _ = try await CachedScoring.score(sampleRequests, with: ShortScorer(), cache: cache)
            XCTFail("expected a shape error")
        } catch let error as CacheError {
            XCTAssertTrue(error.description.contains("returned 1 scores for 3 documents"), error.description)
        }
        XCTAssertEqual(try cache.stats().totalRows, 0)
    }

    func testWithoutACacheEverythingIsScored() async throws {
        let scorer = CountingScorer()
        let result = try await CachedScoring.score(sampleRequests, with: scorer, cache: nil)
        XCTAssertEqual(result.scored, 5)
        XCTAssertEqual(result.cached, 0)
        XCTAssertEqual(scorer.requests, sampleRequests)
    }

    func testBM25ThroughTheCacheGivesTheSameScores() async throws {
        let scorer = BM25Scorer()
        let direct = try await scorer.score(sampleRequests)
        let cache = try ScoreCache(path: path)
        let first = try await CachedScoring.score(sampleRequests, with: scorer, cache: cache)
        let second = try await CachedScoring.score(sampleRequests, with: scorer, cache: cache)
        XCTAssertEqual(first.scores, direct)
        XCTAssertEqual(second.scores, direct)
        XCTAssertEqual(second.cached, 5)
    }
}
