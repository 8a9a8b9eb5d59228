import XCTest
@testable import RerankCore

final class FusionTests: XCTestCase {
    let perQuery: [[Double]] = [[0.9, 0.5, 0.1], [0.2, 0.8, 0.2]]

    func testMaxAndMean() {
        XCTAssertEqual(fuseScores(perQuery, method: .max), [0.9, 0.8, 0.2])
        let mean = fuseScores(perQuery, method: .mean)
        XCTAssertEqual(mean[0], 0.55, accuracy: 1e-12)
        XCTAssertEqual(mean[1], 0.65, accuracy: 1e-12)
        XCTAssertEqual(mean[2], 0.15, accuracy: 1e-12)
    }

    func testRRFUsesRanksWithBaselineTieBreak() {
        // Query 0 ranks 0,1,2; query 1 has a tie between 0 and 2, broken by baseline: 1,0,2.
        let fused = fuseScores(perQuery, method: .rrf)
        XCTAssertEqual(fused[0], 1.0 / 61 + 1.0 / 62, accuracy: 1e-15)
        XCTAssertEqual(fused[1], 1.0 / 62 + 1.0 / 61, accuracy: 1e-15)
        XCTAssertEqual(fused[2], 2.0 / 63, accuracy: 1e-15)
    }

    func testSingleQueryAndEmpty() {
        XCTAssertEqual(fuseScores([[0.3, 0.7]], method: .max), [0.3, 0.7])
        XCTAssertEqual(fuseScores([[0.3, 0.7]], method: .mean), [0.3, 0.7])
        XCTAssertEqual(fuseScores([[0.3, 0.7]], method: .rrf), [1.0 / 62, 1.0 / 61])
        XCTAssertEqual(fuseScores([], method: .rrf), [])
    }

    func testListsOfAnotherLengthAreLeftOut() {
        XCTAssertEqual(fuseScores([[0.4, 0.6], [1, 1, 1]], method: .mean), [0.4, 0.6])
    }
}
