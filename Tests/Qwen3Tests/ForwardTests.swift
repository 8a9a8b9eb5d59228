import Foundation
import XCTest
@testable import Qwen3

/// The forward pass on token ids against the transformers reference (fixture JSON), the plain
/// reference forward, and the one-by-one path.
final class ForwardTests: XCTestCase {
    func testLogitsMatchTransformers() throws {
        let fixture = try RerankerFixture.load()
        let folder = try RerankerFixture.modelsFolder()
        var maxLogit = 0.0, maxScore = 0.0, pairs = 0
        for name in fixture.models.keys.sorted() {
            let model = Qwen3Model(weights: try Qwen3Weights.load(folder: folder.appendingPathComponent(name)),
                                   yes: 9693, no: 2152)
            for c in fixture.cases where c.model == name {
                let logits = model.logits(prompts: c.expected.map(\.ids))
                for (got, want) in zip(logits, c.expected) {
                    maxLogit = max(maxLogit, abs(got - want.logit))
                    maxScore = max(maxScore, abs(sigmoid(got) - want.score))
                    pairs += 1
                }
            }
        }
        print("forward vs transformers over \(pairs) pairs: max |Δlogit| = \(maxLogit), max |Δscore| = \(maxScore)")
        XCTAssertGreaterThan(pairs, 40)
        XCTAssertLessThan(maxLogit, 1e-3)
        XCTAssertLessThan(maxScore, 1e-4)
    }

    func testSharedPrefixEqualsPlainAndReferencePaths() throws {
        let fixture = try RerankerFixture.load()
        let folder = try RerankerFixture.modelsFolder()
        var maxShared = 0.0, maxReference = 0.0
        for name in fixture.models.keys.sorted() {
            let weights = try Qwen3Weights.load(folder: folder.appendingPathComponent(name))
            let model = Qwen3Model(weights: weights, yes: 9693, no: 2152)
            for c in fixture.cases where c.model == name {
                let prompts = c.expected.map(\.ids)
                let shared = model.logits(prompts: prompts)
                // Small batches force several stacked passes over the same prefix.
                let smallBatches = model.logits(prompts: prompts, batchRows: 40)
                let plain = model.logitsOneByOne(prompts: prompts)
                for i in prompts.indices {
                    maxShared = max(maxShared, abs(sigmoid(shared[i]) - sigmoid(plain[i])),
                                    abs(sigmoid(smallBatches[i]) - sigmoid(plain[i])))
                }
                let reference = referenceLogit(weights: weights, tokens: prompts[0], classifier: model.classifier)
                maxReference = max(maxReference, abs(reference - plain[0]))
            }
        }
        print("shared-prefix vs plain path: max |Δscore| = \(maxShared); plain vs reference kernels: max |Δlogit| = \(maxReference)")
        XCTAssertLessThan(maxShared, 1e-4)
        XCTAssertLessThan(maxReference, 1e-4)
    }

    /// Prompts in groups (requests) that share more than all prompts do: each group's common
    /// beginning runs once per pass, groups too large for a pass are split (the head again in each
    /// part), prompts too long for a pass stream alone; every logit equals the plain path's.
    func testGroupsEqualPlainPath() throws {
        let fixture = try RerankerFixture.load()
        let folder = try RerankerFixture.modelsFolder()
        var worst = 0.0, compared = 0
        for name in fixture.models.keys.sorted() {
            let model = Qwen3Model(weights: try Qwen3Weights.load(folder: folder.appendingPathComponent(name)), yes: 9693, no: 2152)
            let groups = fixture.cases.filter { $0.model == name }.map { $0.expected.map(\.ids) }
            let plain = model.logitsOneByOne(prompts: groups.flatMap { $0 })
            for batchRows in [2048, 60, 25] {
                let rowsBefore = model.statistics.rows
                let grouped = model.logits(groups: groups, batchRows: batchRows)
                XCTAssertEqual(grouped.count, plain.count)
                for (a, b) in zip(grouped, plain) { worst = max(worst, abs(sigmoid(a) - sigmoid(b))); compared += 1 }
                XCTAssertGreaterThan(model.statistics.rows, rowsBefore)
            }
        }
        print("grouped vs plain path over \(compared) logits: max |Δscore| = \(worst)")
        XCTAssertGreaterThan(compared, 50)
        XCTAssertLessThan(worst, 1e-4)
    }
}
