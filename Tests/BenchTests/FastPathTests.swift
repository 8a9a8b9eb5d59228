import Foundation
import XCTest
@testable import Bench
import Qwen3

/// The fast path (shared prefixes, packed batches, last rows only) must give the plain path's
/// scores — every prompt alone from position 0 — on the bench's own kind of workload.
final class FastPathTests: XCTestCase {
    func testFastPathEqualsPlainPathOnASmallWorkload() throws {
        let tokenizer = try BenchFixtures.tokenizer()
        let cache = try BenchFixtures.temporaryFolder(self)
        let folder = try RandomModel.ensure(shape: .tiny, seed: 3, tokenizer: tokenizer, cacheRoot: cache)
        let spec = WorkloadSpec(queries: 3, candidates: 6, queryTokens: 10...40, instructionTokens: 10...40,
                                documentTokens: 20...300, seed: 11)
        // Small batches force several passes per query and long documents through in chunks.
        for batchRows in [1024, 96] {
            let runner = try BenchRunner(folder: folder, settings: BenchSettings(reranker: RerankerOptions(batchRows: batchRows)))
            let workload = runner.makeWorkload(spec)
            let (result, fast) = try runner.run(workload, named: "test", shapeName: "tiny")
            XCTAssertEqual(result.pairs, 18)
            XCTAssertLessThan(result.computedTokens, result.promptTokens, "prefixes were not shared")
            var worst = 0.0
            for (q, scores) in zip(workload.queries, fast) {
                let plain = try runner.reranker.scorePlain(instruction: q.instruction, query: q.query, documents: q.documents)
                XCTAssertEqual(plain.map(\.tokens), scores.map(\.tokens))
                for (a, b) in zip(scores, plain) { worst = max(worst, abs(a.score - b.score), abs(a.logit - b.logit)) }
            }
            print("batchRows \(batchRows): max |fast − plain| over scores and logits = \(worst)")
            XCTAssertLessThanOrEqual(worst, 1e-4)
        }
    }
}
