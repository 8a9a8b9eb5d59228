/// Paired resampling statistics over per-case differences (scorer − baseline, one value per
/// labelled case): a bootstrap percentile interval for the mean difference and a randomisation
/// (sign-flip) test of "no difference". Pure and deterministic: the same differences, settings and
/// seed give the same numbers, so a rebuilt site is byte-identical.
///
/// Checked against scipy.stats.bootstrap / permutation_test and a reimplementation with the same
/// generator by Tests/RerankCoreTests/PairedStatisticsTests.swift (fixture: scripts/stats/).
public struct ResamplingSettings: Hashable, Sendable {
    /// Bootstrap resamples of the cases.
    public var bootstrapResamples: Int
    /// Random sign assignments when the exact test is too large.
    public var randomisations: Int
    /// Up to this many cases the randomisation test enumerates all 2^n sign assignments.
    public var exactUpTo: Int
    /// Two-sided interval coverage.
    public var confidence: Double
    public var seed: UInt64

    public init(bootstrapResamples: Int = 10_000, randomisations: Int = 10_000, exactUpTo: Int = 16,
                confidence: Double = 0.95, seed: UInt64 = 20_261_130) {
        self.bootstrapResamples = bootstrapResamples; self.randomisations = randomisations
        self.exactUpTo = exactUpTo; self.confidence = confidence; self.seed = seed
    }

    public static let standard = ResamplingSettings()
}

/// A bootstrap percentile interval for the mean of each row of `differences` (all rows the same
/// length n, one value per case): `bootstrapResamples` times, n cases are drawn with replacement
/// (the same draws for every row, so the metrics of one comparison are resampled together), each
/// row's mean is taken, and the interval is the (1 − c)/2 and (1 + c)/2 quantiles of those means,
/// interpolated linearly between order statistics (numpy's default `linear` method). Nil for a row
/// when n < 2.
public func pairedBootstrapIntervals(_ differences: [[Double]], settings: ResamplingSettings = .standard)
    -> [(lower: Double, upper: Double)?] {
    guard let n = differences.first?.count, n >= 2, settings.bootstrapResamples >= 1,
          differences.allSatisfy({ $0.count == n }) else {
        return differences.map { _ in nil }
    }
    let b = settings.bootstrapResamples
    var means = [[Double]](repeating: [Double](repeating: 0, count: b), count: differences.count)
    var sums = [Double](repeating: 0, count: differences.count)
    var rng = SplitMix64(seed: settings.seed)
    for r in 0..<b {
        for m in sums.indices { sums[m] = 0 }
        for _ in 0..<n {
            let i = rng.index(below: n)
            for m in differences.indices { sums[m] += differences[m][i] }
        }
        for m in differences.indices { means[m][r] = sums[m] / Double(n) }
    }
    let alpha = (1 - settings.confidence) / 2
    return means.map { row in
        let sorted = row.sorted()
        return (quantile(sorted, alpha), quantile(sorted, 1 - alpha))
    }
}

/// The q-quantile of sorted values, linear between order statistics at position q·(count − 1).
func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let position = q * Double(sorted.count - 1)
    let below = Int(position.rounded(.down))
    let above = min(below + 1, sorted.count - 1)
    let weight = position - Double(below)
    return sorted[below] + (sorted[above] - sorted[below]) * weight
}

/// The two-sided p-value of a paired randomisation test that the mean difference is 0: under
/// "no difference" each case's difference is as likely to have had the other sign, so the p-value
/// is the share of sign assignments whose |mean| is at least the observed |mean|. Exact (all 2^n
/// assignments, the observed one included) up to `exactUpTo` cases; beyond, `randomisations`
/// random assignments with p = (hits + 1) / (randomisations + 1). A small tolerance, as scipy's
/// permutation_test uses (100 ulp of the observed value), keeps sums equal in exact arithmetic equal.
/// Nil with no cases.
public func pairedRandomisationPValue(_ differences: [Double], settings: ResamplingSettings = .standard)
    -> (p: Double, exact: Bool)? {
    pairedRandomisationPValues([differences], settings: settings)[0]
}

/// `pairedRandomisationPValue` of each row of `differences` (rows of equal length: the metrics of
/// one comparison, one value per case), in one pass: every row sees the same sign assignments, as
/// it would alone (each starts from the same seed), so each p equals the one-row answer; the rows'
/// sums are independent chains the processor runs side by side, and a sign is applied by flipping
/// the sign bit (exactly what negation does) instead of a branch it cannot predict. Rows of
/// different lengths are tested one by one.
public func pairedRandomisationPValues(_ differences: [[Double]], settings: ResamplingSettings = .standard)
    -> [(p: Double, exact: Bool)?] {
    guard let n = differences.first?.count, n >= 1, differences.allSatisfy({ $0.count == n }) else {
        return differences.map { $0.isEmpty ? nil : pairedRandomisationPValues([$0], settings: settings)[0] }
    }
    let rows = differences.count
    let thresholds = differences.map { row -> Double in
        let observed = abs(row.reduce(0, +))
        return observed - observed * 100 * Double.ulpOfOne
    }
    // [n, rows] row-major: case i's differences side by side, as bit patterns.
    var patterns = [UInt64](repeating: 0, count: n * rows)
    for (m, row) in differences.enumerated() { for (i, d) in row.enumerated() { patterns[i * rows + m] = d.bitPattern } }
    var hits = [Int](repeating: 0, count: rows)
    var sums = [Double](repeating: 0, count: rows)
    let exact = n <= settings.exactUpTo
    patterns.withUnsafeBufferPointer { patterns in
        sums.withUnsafeMutableBufferPointer { sums in
            // Adds case i's differences, each with its sign flipped when `flip` has the sign bit set.
            func add(_ i: Int, flip: UInt64) {
                for m in 0..<rows { sums[m] += Double(bitPattern: patterns[i * rows + m] ^ flip) }
            }
            func count() {
                for m in 0..<rows where abs(sums[m]) >= thresholds[m] { hits[m] += 1 }
            }
            if exact {
                for signs in 0..<(1 << n) {
                    for m in 0..<rows { sums[m] = 0 }
                    for i in 0..<n { add(i, flip: UInt64((signs >> i) & 1) << 63) }
                    count()
                }
                return
            }
            var rng = SplitMix64(seed: settings.seed)
            for _ in 0..<settings.randomisations {
                for m in 0..<rows { sums[m] = 0 }
                var bits: UInt64 = 0
                for i in 0..<n {
                    if i % 64 == 0 { bits = rng.next() }
                    add(i, flip: (bits & 1) << 63)
                    bits >>= 1
                }
                count()
            }
        }
    }
    return hits.map { h in
        exact ? (Double(h) / Double(1 << n), true) : (Double(h + 1) / Double(settings.randomisations + 1), false)
    }
}
