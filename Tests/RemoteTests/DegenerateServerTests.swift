import Foundation
import RerankCore
@testable import Remote
import XCTest

/// The two most reported Qwen3-Reranker server problems, reproduced by scripts/remote/fault_server.py
/// (`constant`: every score 0.5; `ok`: scores that ignore the instruction, as llama-server's do),
/// scored through the http scorer and found by the degenerate-score check.
final class DegenerateServerTests: XCTestCase {
    func testConstantAndInstructionBlindServersAreFound() async throws {
        let server = try FaultServer()
        let instructions = ["Find answers", "Prefer short passages"]
        let documents = ["a ranking function", "a bird", "Okapi BM25 ranks documents"]
        let candidates = documents.enumerated().map { i, text in
            Candidate(index: i, text: text, label: i == 2 ? 1 : 0, location: SourceLocation(file: "c.md", line: i + 1))
        }
        let file = CaseFile(path: "c.md", section: [], slug: "c", title: "c", tags: [], instructions: instructions,
                            draft: false, query: "what is BM25", rewrites: [], candidates: candidates, intro: "",
                            sections: [], sourceHash: "")
        var rankings: [Ranking] = []
        var cards: [ScorerCard] = []
        for behaviour in ["constant", "ok"] {
            let scorer = try HTTPScorer(id: behaviour, config: HTTPScorerConfig(endpoint: server.url(behaviour), model: "fake",
                                                                             timeoutSeconds: 5, retries: 0),
                                        environment: [:])
            XCTAssertTrue(scorer.usesInstruction)
            let scores = try await scorer.score(instructions.map { ScoreRequest(instruction: $0, query: file.query, documents: documents) })
            for (instruction, row) in zip(instructions, scores) {
                rankings.append(makeRanking(scorer: behaviour, instruction: instruction, variant: .query, scores: row.map(\.score),
                                            pairs: row, relevances: file.relevances))
            }
            cards.append(scorer.card)
        }
        XCTAssertEqual(cards.map(\.endpointHost), ["127.0.0.1:\(server.port)", "127.0.0.1:\(server.port)"])
        let result = CaseResult(file: file, instructions: instructions, rankings: rankings)
        let found = findDegenerateScores(cases: [result], cards: cards, minStd: 1e-6)
        XCTAssertEqual(found, [
            DegenerateFinding(scorer: "constant", kind: .constant, cases: ["c"], casesChecked: 1),
            DegenerateFinding(scorer: "ok", kind: .ignoresInstruction, cases: ["c"], casesChecked: 1),
        ])
    }
}
