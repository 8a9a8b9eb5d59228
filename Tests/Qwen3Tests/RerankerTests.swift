import Foundation
import XCTest
@testable import Qwen3

/// The public reranker end to end (tokenizer, prompt, truncation, forward) against the
/// transformers reference scores.
final class RerankerTests: XCTestCase {
    /// Every fixture model carries the same tokenizer.json: parse it once for the whole class.
    private static var sharedTokenizer: Qwen3Tokenizer?
    private func reranker(_ name: String, maxLength: Int = 8192) throws -> Qwen3Reranker {
        let folder = try RerankerFixture.modelsFolder().appendingPathComponent(name)
        let tokenizer = try RerankerTests.sharedTokenizer ?? Qwen3Tokenizer(folder: folder)
        RerankerTests.sharedTokenizer = tokenizer
        return try Qwen3Reranker(folder: folder, options: RerankerOptions(maxLength: maxLength), tokenizer: tokenizer)
    }

    func testScoresMatchTransformers() throws {
        let fixture = try RerankerFixture.load()
        var maxLogit = 0.0, maxScore = 0.0, pairs = 0
        for name in fixture.models.keys.sorted() {
            for c in fixture.cases where c.model == name {
                let reranker = try self.reranker(name, maxLength: c.max_length)
                let scores = try reranker.score(instruction: c.instruction ?? "", query: c.query, documents: c.documents)
                XCTAssertEqual(scores.count, c.expected.count)
                for (i, (got, want)) in zip(scores, c.expected).enumerated() {
                    let ids = reranker.promptIDs(instruction: c.instruction ?? "", query: c.query, document: c.documents[i]).ids
                    if ids != want.ids {
                        let at = zip(ids, want.ids).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ids.count, want.ids.count)
                        XCTFail("\(name) \(c.query) document \(i): prompt ids differ from token \(at) (\(ids.count) vs \(want.ids.count) tokens)")
                    }
                    XCTAssertEqual(got.tokens, want.ids.count)
                    XCTAssertEqual(got.truncated, want.truncated, "\(name) \(c.query) document \(i): truncated")
                    maxLogit = max(maxLogit, abs(got.logit - want.logit))
                    maxScore = max(maxScore, abs(got.score - want.score))
                    pairs += 1
                }
            }
        }
        print("Qwen3Reranker.score vs transformers over \(pairs) pairs: max |Δlogit| = \(maxLogit), max |Δscore| = \(maxScore)")
        XCTAssertGreaterThan(pairs, 40)
        XCTAssertLessThan(maxLogit, 1e-3)
        XCTAssertLessThan(maxScore, 1e-4)
    }

    func testPrefixAndSuffixIDs() throws {
        let fixture = try RerankerFixture.load()
        let reranker = try Qwen3Reranker(folder: RerankerFixture.modelsFolder().appendingPathComponent("tied-bf16"))  // the public init
        XCTAssertEqual(reranker.tokenize(RerankPrompt.prefix), fixture.prefix_ids)
        XCTAssertEqual(reranker.tokenize(RerankPrompt.suffix), [151645, 198, 151644, 77091, 198, 151667, 271, 151668, 271])
    }

    func testConcurrentCallsGiveTheSameScores() throws {
        let reranker = try self.reranker("untied-f16")
        let documents = ["Berlin is the capital of Germany.", "Paris.", "东京是日本的首都。"]
        let expected = try reranker.score(instruction: "", query: "capital of Germany", documents: documents)
        let results = UnsafeMutableBufferPointer<[RerankScore]>.allocate(capacity: 8)
        defer { results.deallocate() }
        results.initialize(repeating: [])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let docs = i % 2 == 0 ? documents : Array(documents.reversed())
            var got = (try? reranker.score(instruction: "", query: "capital of Germany", documents: docs)) ?? []
            if i % 2 == 1 { got.reverse() }
            results[i] = got
        }
        for i in 0..<8 {
            XCTAssertEqual(results[i].count, 3)
            for (a, b) in zip(results[i], expected) { XCTAssertEqual(a.score, b.score, accuracy: 1e-6) }
        }
    }

    func testIdentityIsStableAndDiffersBetweenModels() throws {
        let a1 = try reranker("tied-bf16")
        let a2 = try reranker("tied-bf16", maxLength: 512)
        let b = try reranker("untied-f16")
        XCTAssertEqual(a1.identity, a2.identity)
        XCTAssertNotEqual(a1.identity, b.identity)
        XCTAssertEqual(a1.identity.count, 64)
    }
}
