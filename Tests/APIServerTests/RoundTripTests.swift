import APIServer
import Foundation
import Remote
import RerankCore
import XCTest

/// The http scorer pointed at the API server gives exactly the engine's scores.
final class RoundTripTests: XCTestCase {
    func testHTTPScorerThroughServeAPIEqualsTheEngine() async throws {
        let fixture = try await TestServer { $0.maxDocuments = 4 }
        let requests = [
            ScoreRequest(instruction: "Given a web search query, retrieve relevant passages", query: "what is a reranker",
                         documents: (0..<9).map { "passage \($0) about cross-encoders and ranking" }),
            ScoreRequest(instruction: "Judge code", query: "sort a list in Swift", documents: ["array.sorted()", "", "你好", "x"]),
        ]
        for flavour in ["jina", "tei"] {
            let route = flavour == "tei" ? "/rerank" : "/v1/rerank"
            let config = HTTPScorerConfig(endpoint: "http://127.0.0.1:\(fixture.port)\(route)", model: "fake/Fake-Reranker",
                                          flavour: flavour, documentsPerRequest: 4, maxInFlight: 3, timeoutSeconds: 10, retries: 0)
            let scorer = try HTTPScorer(id: "loop", config: config, environment: [:])
            let scores = try await scorer.score(requests)
            for (request, got) in zip(requests, scores) {
                // TEI has no instruction field: the server's default applies.
                let instruction = flavour == "jina" ? request.instruction : nil
                let want = request.documents.map { FakeEngine.expected(instruction: instruction, query: request.query, document: $0).score }
                XCTAssertEqual(got.map(\.score), want, flavour)
            }
        }
        // More documents per request than the server takes: a clear 413, not a misalignment.
        let tooMany = HTTPScorerConfig(endpoint: "http://127.0.0.1:\(fixture.port)", model: "fake/Fake-Reranker",
                                       documentsPerRequest: 5, retries: 0)
        do {
            _ = try await HTTPScorer(id: "x", config: tooMany, environment: [:]).score([requests[0]])
            XCTFail("expected a 413")
        } catch let HTTPScorerError.httpStatus(_, status, body, _) {
            XCTAssertEqual(status, 413)
            XCTAssertTrue(body.contains("at most 4"), body)
        }
        await fixture.stop()
    }
}
