import Foundation
import XCTest
@testable import Qwen3

/// `Qwen3Reranker.score(batch:)`, the call serve-api's batcher and the build make: several requests
/// in shared passes score as each request alone (to float32 rounding) and as transformers does.
final class BatchScoringTests: XCTestCase {
    private static var sharedTokenizer: Qwen3Tokenizer?
    private func reranker(_ name: String, batchRows: Int) throws -> Qwen3Reranker {
        let folder = try RerankerFixture.modelsFolder().appendingPathComponent(name)
        let tokenizer = try BatchScoringTests.sharedTokenizer ?? Qwen3Tokenizer(folder: folder)
        BatchScoringTests.sharedTokenizer = tokenizer
        return try Qwen3Reranker(folder: folder, options: RerankerOptions(batchRows: batchRows), tokenizer: tokenizer)
    }

    /// The fixture's full-length cases of one model as requests: each case whole, then each of its
    /// documents as a one-document request (the small requests a busy server packs together).
    private func requests(_ fixture: RerankerFixture, model: String) -> [(request: RerankRequest, expected: [RerankerFixture.Expected])] {
        var out: [(RerankRequest, [RerankerFixture.Expected])] = []
        for c in fixture.cases where c.model == model && c.max_length == 8192 {
            out.append((RerankRequest(instruction: c.instruction ?? "", query: c.query, documents: c.documents), c.expected))
        }
        for c in fixture.cases where c.model == model && c.max_length == 8192 {
            for (document, expected) in zip(c.documents, c.expected) {
                out.append((RerankRequest(instruction: c.instruction ?? "", query: c.query, documents: [document]), [expected]))
            }
        }
        return out
    }

    func testBatchScoresEqualEachRequestAloneAndTransformers() throws {
        let fixture = try RerankerFixture.load()
        var aloneLogit = 0.0, aloneScore = 0.0, referenceLogit = 0.0, pairs = 0
        // 2048 rows: every request is small and all are packed into one pass. 100 rows: the
        // four-document requests fill half a pass and run alone, the rest are packed over passes.
        for batchRows in [2048, 100] {
            for model in fixture.models.keys.sorted() {
                let work = requests(fixture, model: model)
                let reranker = try self.reranker(model, batchRows: batchRows)
                var alonePasses = 0
                var alone: [[RerankScore]] = []
                for item in work {
                    reranker.resetStatistics()
                    alone.append(try reranker.score(instruction: item.request.instruction, query: item.request.query,
                                                    documents: item.request.documents))
                    alonePasses += reranker.statistics.passes
                }
                reranker.resetStatistics()
                let batched = try reranker.score(batch: work.map(\.request))
                let batchedPasses = reranker.statistics.passes
                // 2048 rows hold all 24 prompts' own tokens: one pass instead of one per request.
                XCTAssertLessThan(batchedPasses, alonePasses, "\(model), \(batchRows) rows: requests must share passes")
                if batchRows == 2048 { XCTAssertEqual(batchedPasses, 1, "\(model): all requests in one pass") }
                XCTAssertEqual(batched.map(\.count), work.map(\.request.documents.count))
                for (n, item) in work.enumerated() {
                    for (i, got) in batched[n].enumerated() {
                        let single = alone[n][i], want = item.expected[i]
                        XCTAssertEqual(got.tokens, single.tokens)
                        XCTAssertEqual(got.truncated, single.truncated)
                        XCTAssertEqual(got.fullTokens, single.fullTokens)
                        aloneLogit = max(aloneLogit, abs(got.logit - single.logit))
                        aloneScore = max(aloneScore, abs(got.score - single.score))
                        referenceLogit = max(referenceLogit, abs(got.logit - want.logit))
                        pairs += 1
                    }
                }
            }
        }
        print("Qwen3Reranker.score(batch:) over \(pairs) pairs: vs each request alone max |Δlogit| = \(aloneLogit), "
              + "max |Δscore| = \(aloneScore); vs transformers max |Δlogit| = \(referenceLogit)")
        XCTAssertGreaterThan(pairs, 100)
        XCTAssertLessThan(aloneLogit, 2e-5, "a request's scores must not depend on the requests it shares passes with")
        XCTAssertLessThan(aloneScore, 5e-6)
        XCTAssertLessThan(referenceLogit, 1e-3)
    }

    /// In a packed pass each request's query is computed once for its documents: the pass's rows
    /// are the beginning all prompts share, then per request what its prompts share beyond that
    /// (once) and each prompt's own rest; a one-document request runs its rest whole.
    func testPackedRequestsComputeTheirQueryOnce() throws {
        let fixture = try RerankerFixture.load()
        for model in fixture.models.keys.sorted() {
            let work = requests(fixture, model: model).map(\.request)
            let reranker = try self.reranker(model, batchRows: 2048)   // nothing cached yet
            let prompts = work.map { r in r.documents.map { reranker.promptIDs(instruction: r.instruction, query: r.query, document: $0).ids } }
            func common(_ p: [[Int32]]) -> Int {
                let shortest = p.map(\.count).min() ?? 0
                var n = 0
                while n < shortest - 1, p.allSatisfy({ $0[n] == p[0][n] }) { n += 1 }
                return n
            }
            let shared = common(prompts.flatMap { $0 })
            var expected = shared, withoutSharing = shared
            for request in prompts {
                let own = request.count > 1 ? common(request) : shared
                expected += (own - shared) + request.reduce(0) { $0 + $1.count - own }
                withoutSharing += request.reduce(0) { $0 + $1.count - shared }
            }
            _ = try reranker.score(batch: work)
            XCTAssertEqual(reranker.statistics.rows, expected, "\(model): rows of the packed pass")
            XCTAssertLessThan(expected, withoutSharing, "\(model): the fixture's requests share their queries")
        }
    }

    func testEmptyRequestsAndAnEmptyBatch() throws {
        let reranker = try self.reranker("tied-bf16", batchRows: 2048)
        XCTAssertEqual(try reranker.score(batch: []).count, 0)
        let out = try reranker.score(batch: [
            RerankRequest(instruction: "", query: "q", documents: []),
            RerankRequest(instruction: "", query: "capital of Germany", documents: ["Berlin."]),
            RerankRequest(instruction: "", query: "x", documents: []),
        ])
        XCTAssertEqual(out.map(\.count), [0, 1, 0])
        let alone = try reranker.score(instruction: "", query: "capital of Germany", documents: ["Berlin."])
        XCTAssertEqual(out[1][0].logit, alone[0].logit, accuracy: 1e-5)
    }
}
