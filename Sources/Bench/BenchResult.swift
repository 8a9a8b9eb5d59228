import Kernels

/// The figures of one bench run. Rates are over the timed scoring only (not loading).
public struct BenchResult: Codable, Sendable {
    public var modelFolder: String
    public var modelShape: String
    public var blasCore: String
    public var threads: Int
    public var batchRows: Int
    /// The linear layers' precision and kernels.
    public var precision: ArithmeticDescription
    /// Where the pairs come from: the generated spec's summary, or the workload file.
    public var workload: String
    public var queries: Int
    public var pairs: Int
    /// Prompt tokens of all pairs, template included (what a plain engine computes).
    public var promptTokens: Int
    /// Token rows the engine actually ran through the layers (shared prefixes once).
    public var computedTokens: Int
    public var loadSeconds: Double
    public var scoreSeconds: Double
    /// Seconds of each query, in workload order (they sum to scoreSeconds).
    public var querySeconds: [Double]
    public var pairsPerSecond: Double
    public var promptTokensPerSecond: Double
    /// Linear-layer FLOP per prompt token of this model (2 · weights of the decoder layers).
    public var linearGFLOPPerToken: Double
    /// Linear FLOP the engine ran ÷ the time inside its linear layers.
    public var linearGFLOPs: Double
    /// Linear FLOP a plain engine needs for every prompt token ÷ the whole scoring time.
    public var effectiveGFLOPs: Double
    /// GEMM at the linear layers' shapes, same process, same threads, rows = batchRows: sgemm in
    /// fp32, the bf16 kernels in bf16.
    public var ceilingGFLOPs: Double
    /// ceiling ÷ GFLOP per token: the prompt tokens/s a plain engine could reach at best.
    public var ceilingTokensPerSecond: Double
    /// Seconds inside linear layers, attention, and everything else, summed over the timed run.
    public var linearSeconds: Double
    public var attentionSeconds: Double
    public var otherSeconds: Double
    public var peakResidentBytes: Int

    public var linearFractionOfCeiling: Double { ceilingGFLOPs > 0 ? linearGFLOPs / ceilingGFLOPs : 0 }
    public var tokensFractionOfCeiling: Double { ceilingTokensPerSecond > 0 ? promptTokensPerSecond / ceilingTokensPerSecond : 0 }

    /// What the ceiling is: sgemm, or the bf16 kernels' GEMM.
    var gemmName: String { precision.resolved == .bf16 ? "bf16 GEMM" : "sgemm" }

    /// The human-readable report.
    public var text: String {
        func f(_ x: Double, _ digits: Int = 1) -> String { formatFixed(x, digits) }
        return """
        model            \(modelShape) (\(modelFolder))
        BLAS             OpenBLAS \(blasCore), \(threads) thread(s); \(batchRows) rows per pass
        precision        \(precision.text)
        workload         \(workload): \(queries) queries, \(pairs) pairs, \(promptTokens) prompt tokens (\(computedTokens) computed after prefix sharing)
        load             \(f(loadSeconds, 2)) s
        score            \(f(scoreSeconds, 2)) s
        pairs/s          \(f(pairsPerSecond, 2))
        prompt tokens/s  \(f(promptTokensPerSecond)) (\(f(100 * tokensFractionOfCeiling))% of the \(f(ceilingTokensPerSecond)) tokens/s the \(gemmName) ceiling allows)
        linear layers    \(f(linearGFLOPs)) GFLOP/s (\(f(100 * linearFractionOfCeiling))% of the \(gemmName) ceiling \(f(ceilingGFLOPs)) GFLOP/s)
        effective        \(f(effectiveGFLOPs)) GFLOP/s (\(f(linearGFLOPPerToken, 3)) GFLOP per prompt token × tokens/s)
        time split       linear \(f(linearSeconds, 2)) s, attention \(f(attentionSeconds, 2)) s, other \(f(otherSeconds, 2)) s
        peak memory      \(f(Double(peakResidentBytes) / 1_048_576)) MiB resident

        """
    }
}

/// x with `digits` digits after the point (no Foundation formatting, so output is locale-free).
func formatFixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return "\(x)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (abs(x) * scale).rounded()
    let whole = Int(r / scale)
    let frac = Int(r - Double(whole) * scale)
    let sign = x < 0 && r > 0 ? "-" : ""
    if digits == 0 { return sign + "\(whole)" }
    let fracText = String(frac)
    return sign + "\(whole)." + String(repeating: "0", count: digits - fracText.count) + fracText
}
