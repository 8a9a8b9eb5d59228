import Foundation
import XCTest
@testable import RerankCore

/// Kendall's τ-b and the threshold curve against scipy and scikit-learn, through the values
/// scripts/fixtures/model_views.py wrote into Fixtures/model_views.json.
final class ModelViewsReferenceTests: XCTestCase {
    struct Fixture: Decodable {
        struct Tau: Decodable { var x: [Double]; var y: [Double]; var tau: Double? }
        struct Curve: Decodable {
            var scores: [Double]; var relevant: [Bool]
            var thresholds: [Double]; var precision: [Double]; var recall: [Double]
        }
        var scipy: String
        var sklearn: String
        var kendall: [Tau]
        var thresholds: [Curve]
    }

    func loadFixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/model_views.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testKendallTauBMatchesScipy() throws {
        let fixture = try loadFixture()
        var maxDifference = 0.0
        for (i, c) in fixture.kendall.enumerated() {
            let tau = kendallTauB(c.x, c.y)
            guard let expected = c.tau else { XCTAssertNil(tau, "case \(i): scipy gives NaN"); continue }
            guard let tau else { XCTFail("case \(i): nil, scipy gives \(expected)"); continue }
            maxDifference = max(maxDifference, abs(tau - expected))
        }
        print("Kendall tau-b vs scipy \(fixture.scipy): max difference \(maxDifference) over \(fixture.kendall.count) lists")
        XCTAssertLessThan(maxDifference, 1e-12)
    }

    func testThresholdCurveMatchesScikitLearn() throws {
        let fixture = try loadFixture()
        var maxDifference = 0.0
        for (i, c) in fixture.thresholds.enumerated() {
            guard let curve = thresholdCurve(scorer: "s", scores: c.scores, relevant: c.relevant, relevantLabel: 1) else {
                XCTFail("case \(i): no curve"); continue
            }
            // scikit-learn lists thresholds ascending; ours run from the highest down.
            XCTAssertEqual(curve.points.map(\.threshold), c.thresholds.reversed(), "case \(i)")
            for (point, (p, r)) in zip(curve.points, zip(c.precision, c.recall).reversed()) {
                maxDifference = max(maxDifference, abs(point.precision - p), abs(point.recall - r))
            }
            let bestF1 = zip(c.precision, c.recall).map { p, r in p + r > 0 ? 2 * p * r / (p + r) : 0 }.max() ?? 0
            maxDifference = max(maxDifference, abs(curve.best.f1 - bestF1))
        }
        print("precision/recall vs scikit-learn \(fixture.sklearn): max difference \(maxDifference) over \(fixture.thresholds.count) curves")
        XCTAssertLessThan(maxDifference, 1e-12)
    }
}
