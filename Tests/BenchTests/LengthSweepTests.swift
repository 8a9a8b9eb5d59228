import Foundation
import XCTest
@testable import Bench
import Qwen3

/// `bench --doc-tokens`: one point per length, documents of exactly that length, whole prompts.
final class LengthSweepTests: XCTestCase {
    func testSweepHasOnePointPerLengthWithDocumentsOfThatLength() throws {
        let tokenizer = try BenchFixtures.tokenizer()
        let cache = try BenchFixtures.temporaryFolder(self)
        let folder = try RandomModel.ensure(shape: .tiny, seed: 3, tokenizer: tokenizer, cacheRoot: cache)
        let runner = try BenchRunner(folder: folder, settings: BenchSettings(reranker: RerankerOptions(maxLength: 1024, batchRows: 128),
                                                                             repeats: 3))
        let sweep = try runner.sweepLengths([40, 300], tokensPerLength: 600, shapeName: "tiny")
        XCTAssertEqual(sweep.points.map(\.documentTokens), [40, 300])
        XCTAssertEqual(sweep.points.map(\.pairs), [15, 2])
        XCTAssertEqual(sweep.repeats, 3)
        for point in sweep.points {
            // Each prompt is the document plus the template, instruction and query (10–40 tokens each).
            let perPair = Double(point.promptTokens) / Double(point.pairs)
            XCTAssertGreaterThan(perPair, Double(point.documentTokens + 40))
            XCTAssertLessThan(perPair, Double(point.documentTokens + 150))
            XCTAssertGreaterThan(point.tokensPerSecond, 0)
            XCTAssertGreaterThanOrEqual(point.tokensPerSecond, point.medianTokensPerSecond)
            XCTAssertGreaterThan(point.peakResidentBytes, 0)
        }
        XCTAssertTrue(sweep.text.contains("tokens/s at 300 ÷ at 40"), sweep.text)

        // A length the max length cannot hold is an error, not a figure of cut prompts.
        XCTAssertThrowsError(try runner.sweepLengths([2000], tokensPerLength: 2000, shapeName: "tiny")) { error in
            XCTAssertTrue("\(error)".contains("do not fit the max length 1024"), "\(error)")
        }
    }
}
