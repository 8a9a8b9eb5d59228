import Encoders
import Foundation
import Kernels

/// The figures of `rerank-site bench-encoder`: a BERT sentence encoder (all-MiniLM-L6-v2 and the
/// like) embedding a list of texts, timed inside the process (model loading not timed), with where
/// the time went and the linear layers' rate against sgemm (or the bf16 kernels) measured in the
/// same process at the same shapes.
public struct EncoderBenchResult: Codable, Sendable {
    public var modelFolder: String
    public var blasCore: String
    public var threads: Int
    public var precision: ArithmeticDescription
    public var maxLength: Int
    public var texts: Int
    /// Tokens through the layers, [CLS] and [SEP] included, after truncation.
    public var tokens: Int
    public var loadSeconds: Double
    /// Best of the repeats: the whole `embed` call (tokenizing, forward passes, pooling).
    public var seconds: Double
    public var textsPerSecond: Double
    public var tokensPerSecond: Double
    /// Where the best run's time went.
    public var stages: EncoderStageTimes
    /// Linear FLOP ÷ seconds inside the linear layers.
    public var linearGFLOPs: Double
    /// The GEMM alone at the model's shapes with rows = tokensPerPass, same threads.
    public var ceilingGFLOPs: Double
    public var peakResidentBytes: Int

    var gemmName: String { precision.resolved == .bf16 ? "bf16 GEMM" : "sgemm" }

    /// The human-readable report.
    public var text: String {
        func f(_ x: Double, _ digits: Int = 1) -> String { formatFixed(x, digits) }
        func share(_ s: Double) -> String { f(s, 3) + " s (" + f(stages.total > 0 ? 100 * s / stages.total : 0) + "%)" }
        return """
        model            \(modelFolder)
        BLAS             OpenBLAS \(blasCore), \(threads) thread(s)
        precision        \(precision.text)
        work             \(texts) texts, \(tokens) tokens (max length \(maxLength)), \(stages.passes) passes
        load             \(f(loadSeconds, 2)) s
        embed            \(f(seconds, 3)) s = \(f(textsPerSecond)) texts/s, \(f(tokensPerSecond)) tokens/s
        linear layers    \(f(linearGFLOPs)) GFLOP/s (\(f(ceilingGFLOPs > 0 ? 100 * linearGFLOPs / ceilingGFLOPs : 0))% of the \(gemmName) ceiling \(f(ceilingGFLOPs)) GFLOP/s)
        time split       tokenize \(share(stages.tokenize)), embeddings \(share(stages.embeddings)),
                         linear \(share(stages.linear)), attention \(share(stages.attention)),
                         GELU \(share(stages.gelu)), LayerNorm \(share(stages.layerNorm)), pooling \(share(stages.pooling))
        peak memory      \(f(Double(peakResidentBytes) / 1_048_576)) MiB resident

        """
    }
}

/// Runs the encoder bench: loads the model, embeds `texts` `repeats` times (the fastest run is
/// reported), then measures the GEMM ceiling at the model's linear shapes.
public func runEncoderBench(folder: URL, texts: [String], precision: PrecisionSetting, maxLength: Int?,
                            repeats: Int, log: (String) -> Void) throws -> (EncoderBenchResult, [Embedding]) {
    let loadStart = monotonicSeconds()
    let embedder = try BertEmbedder(folder: folder, maxLength: maxLength, precision: precision)
    let loadSeconds = monotonicSeconds() - loadStart
    log("loaded \(folder.path) in \(formatFixed(loadSeconds, 2)) s; \(embedder.arithmetic.text)")
    var best: (seconds: Double, times: EncoderStageTimes, vectors: [Embedding])?
    for r in 0..<max(repeats, 1) {
        var times: EncoderStageTimes? = EncoderStageTimes()
        let start = monotonicSeconds()
        let vectors = embedder.embed(texts, times: &times)
        let seconds = monotonicSeconds() - start
        log("run \(r + 1): \(formatFixed(seconds, 3)) s")
        if best == nil || seconds < best?.seconds ?? .infinity {
            best = (seconds, times ?? EncoderStageTimes(), vectors)
        }
    }
    guard let best else { throw BenchError("no run") }
    let c = embedder.config
    let shapes: [(out: Int, in: Int)] = [(3 * c.hiddenSize, c.hiddenSize), (c.hiddenSize, c.hiddenSize),
                                         (c.intermediateSize, c.hiddenSize), (c.hiddenSize, c.intermediateSize)]
    let ceiling = SgemmCeiling.measure(linearShapes: shapes, rows: embedder.tokensPerPass, repeats: 3,
                                       kernel: LinearKernel(setting: precision))
    let stages = best.times
    let result = EncoderBenchResult(
        modelFolder: folder.path, blasCore: BLASRuntime.coreLabel, threads: blasThreads, precision: embedder.arithmetic,
        maxLength: embedder.maxLength, texts: texts.count, tokens: stages.tokens, loadSeconds: loadSeconds,
        seconds: best.seconds, textsPerSecond: Double(texts.count) / best.seconds,
        tokensPerSecond: Double(stages.tokens) / best.seconds, stages: stages,
        linearGFLOPs: stages.linear > 0 ? stages.linearFLOP / stages.linear / 1e9 : 0,
        ceilingGFLOPs: ceiling.gflops, peakResidentBytes: peakResidentBytes())
    return (result, best.vectors)
}
