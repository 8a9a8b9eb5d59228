import Foundation
import XCTest
@testable import RerankCore

/// The paired bootstrap interval and randomisation test against scripts/stats/make_stats_fixture.py:
/// scipy's exact permutation test and percentile bootstrap (within resampling error), and a
/// reimplementation with the same generator (to rounding).
final class PairedStatisticsTests: XCTestCase {
    struct Fixture: Decodable {
        struct Vector: Decodable {
            let name: String
            let scorer: [Double]
            let baseline: [Double]
            let sameGeneratorInterval: [Double]
            let scipyInterval: [Double]?
            let scipyIntervalTolerance: Double?
            let exactP: Double?
            let sameGeneratorP: Double?
            let scipyMonteCarloP: Double?
            let scipyMonteCarloPTolerance: Double?
        }
        let seed: UInt64
        let bootstrapResamples: Int
        let randomisations: Int
        let exactUpTo: Int
        let confidence: Double
        let vectors: [Vector]
    }

    static func load() throws -> Fixture {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Tests/RerankCoreTests/Fixtures/paired_statistics.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testAgainstScipyAndTheSameGenerator() throws {
        let fixture = try Self.load()
        let settings = ResamplingSettings(bootstrapResamples: fixture.bootstrapResamples, randomisations: fixture.randomisations,
                                          exactUpTo: fixture.exactUpTo, confidence: fixture.confidence, seed: fixture.seed)
        XCTAssertEqual(settings, .standard, "the fixture checks the settings the site uses")
        var sameGenerator = 0.0, exactP = 0.0, scipyInterval = 0.0, scipyP = 0.0
        var intervalWorstShare = 0.0
        for v in fixture.vectors {
            let d = zip(v.scorer, v.baseline).map { $0 - $1 }
            guard let interval = pairedBootstrapIntervals([d], settings: settings)[0],
                  let test = pairedRandomisationPValue(d, settings: settings) else { return XCTFail(v.name) }
            let same = max(abs(interval.lower - v.sameGeneratorInterval[0]), abs(interval.upper - v.sameGeneratorInterval[1]))
            XCTAssertLessThan(same, 1e-12, "\(v.name): interval, same generator")
            sameGenerator = max(sameGenerator, same)
            if let ref = v.scipyInterval, let tolerance = v.scipyIntervalTolerance {
                let diff = max(abs(interval.lower - ref[0]), abs(interval.upper - ref[1]))
                XCTAssertLessThanOrEqual(diff, tolerance, "\(v.name): interval against scipy.stats.bootstrap")
                scipyInterval = max(scipyInterval, diff)
                intervalWorstShare = max(intervalWorstShare, diff / tolerance)
            }
            if let ref = v.exactP {
                XCTAssertTrue(test.exact, v.name)
                XCTAssertEqual(test.p, ref, accuracy: 1e-12, "\(v.name): exact p against scipy.stats.permutation_test")
                exactP = max(exactP, abs(test.p - ref))
            }
            if let ref = v.sameGeneratorP {
                XCTAssertFalse(test.exact, v.name)
                XCTAssertEqual(test.p, ref, accuracy: 1e-12, "\(v.name): Monte Carlo p, same generator")
                sameGenerator = max(sameGenerator, abs(test.p - ref))
            }
            if let ref = v.scipyMonteCarloP, let tolerance = v.scipyMonteCarloPTolerance {
                XCTAssertEqual(test.p, ref, accuracy: tolerance, "\(v.name): Monte Carlo p against scipy")
                scipyP = max(scipyP, abs(test.p - ref))
            }
        }
        print("paired statistics, \(fixture.vectors.count) vectors: max difference to the same-generator reimplementation \(sameGenerator);"
              + " exact p to scipy \(exactP); interval to scipy's bootstrap \(scipyInterval) (at most \(intervalWorstShare) of the resampling tolerance);"
              + " Monte Carlo p to scipy \(scipyP)")
    }

    func testSmallInputs() {
        XCTAssertNil(pairedBootstrapIntervals([[0.5]])[0], "one case has no interval")
        XCTAssertNil(pairedRandomisationPValue([]))
        // Two cases, both +1: sign assignments ++, +-, -+, --; |sum| ≥ 2 for two of four.
        let p = pairedRandomisationPValue([1, 1])
        XCTAssertEqual(p?.p, 0.5)
        XCTAssertEqual(p?.exact, true)
        // A constant difference has a degenerate interval at that value.
        let c = pairedBootstrapIntervals([[0.25, 0.25, 0.25]])[0]
        XCTAssertEqual(c?.lower, 0.25)
        XCTAssertEqual(c?.upper, 0.25)
    }

    func testSameInputsSameNumbers() {
        let d = (0..<40).map { Double(($0 * 37) % 11) / 10 - 0.5 }
        XCTAssertEqual(pairedRandomisationPValue(d)?.p, pairedRandomisationPValue(d)?.p)
        XCTAssertEqual(pairedBootstrapIntervals([d])[0]?.lower, pairedBootstrapIntervals([d])[0]?.lower)
        // Resampling several metrics together gives each the interval it gets alone.
        let e = d.map { $0 * 2 }
        let together = pairedBootstrapIntervals([d, e])
        XCTAssertEqual(together[1]?.upper, pairedBootstrapIntervals([e])[0]?.upper)
    }

    /// Testing several metrics in one pass (shared sign assignments, sign-bit flips) gives each row
    /// exactly the p-value of the plain one-row test below, exact (n ≤ 16) and sampled (n > 16).
    func testRowsTogetherEqualThePlainTestOfEachRow() {
        for n in [1, 5, 16, 17, 40, 130] {
            let rows: [[Double]] = (0..<3).map { m in
                (0..<n).map { i -> Double in
                    let k: Int = ((i + 3) * (m + 5) * 37) % 23
                    return Double(k) / 22 - (m == 2 ? 0.4 : 0.45)
                }
            }
            let together = pairedRandomisationPValues(rows)
            for (m, row) in rows.enumerated() {
                let plain = Self.plainRandomisationP(row, settings: .standard)
                XCTAssertEqual(together[m]?.p, plain.p, "n = \(n), row \(m)")
                XCTAssertEqual(together[m]?.exact, plain.exact, "n = \(n), row \(m)")
                XCTAssertEqual(pairedRandomisationPValue(row)?.p, plain.p, "n = \(n), row \(m)")
            }
        }
        // Rows of different lengths are tested one by one; an empty row has no p.
        let mixed = pairedRandomisationPValues([[0.5, -0.25, 0.75], [], [1, 1]])
        XCTAssertEqual(mixed[0]?.p, Self.plainRandomisationP([0.5, -0.25, 0.75], settings: .standard).p)
        XCTAssertNil(mixed[1])
        XCTAssertEqual(mixed[2]?.p, 0.5)
    }

    /// The test as the fixture script writes it: one row, a branch per sign.
    static func plainRandomisationP(_ d: [Double], settings: ResamplingSettings) -> (p: Double, exact: Bool) {
        let n = d.count
        let observed = abs(d.reduce(0, +))
        let threshold = observed - observed * 100 * Double.ulpOfOne
        var hits = 0
        if n <= settings.exactUpTo {
            for signs in 0..<(1 << n) {
                var sum = 0.0
                for i in 0..<n { sum += (signs >> i) & 1 == 1 ? -d[i] : d[i] }
                if abs(sum) >= threshold { hits += 1 }
            }
            return (Double(hits) / Double(1 << n), true)
        }
        var rng = SplitMix64(seed: settings.seed)
        for _ in 0..<settings.randomisations {
            var sum = 0.0
            var bits: UInt64 = 0
            for i in 0..<n {
                if i % 64 == 0 { bits = rng.next() }
                sum += bits & 1 == 1 ? -d[i] : d[i]
                bits >>= 1
            }
            if abs(sum) >= threshold { hits += 1 }
        }
        return (Double(hits + 1) / Double(settings.randomisations + 1), false)
    }
}
