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
    let n = differences.count
    guard n >= 1 else { return nil }
    let observed = abs(differences.reduce(0, +))
    let threshold = observed - observed * 100 * Double.ulpOfOne
    if n <= settings.exactUpTo {
        var hits = 0
        let total = 1 << n
        for signs in 0..<total {
            var sum = 0.0
            for i in 0..<n { sum += (signs >> i) & 1 == 1 ? -differences[i] : differences[i] }
            if abs(sum) >= threshold { hits += 1 }
        }
        return (Double(hits) / Double(total), true)
    }
    var rng = SplitMix64(seed: settings.seed)
    var hits = 0
    for _ in 0..<settings.randomisations {
        var sum = 0.0
        var bits: UInt64 = 0
        for i in 0..<n {
            if i % 64 == 0 { bits = rng.next() }
            sum += bits & 1 == 1 ? -differences[i] : differences[i]
            bits >>= 1
        }
        if abs(sum) >= threshold { hits += 1 }
    }
    return (Double(hits + 1) / Double(settings.randomisations + 1), false)
}
