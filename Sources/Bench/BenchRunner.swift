import Foundation
import Kernels
import Qwen3

/// What a bench run does beyond the model folder and the workload.
public struct BenchSettings: Sendable {
    public var reranker: RerankerOptions
    /// Timed runs over the whole workload; the fastest is reported.
    public var repeats: Int
    public init(reranker: RerankerOptions = RerankerOptions(), repeats: Int = 1) {
        self.reranker = reranker; self.repeats = repeats
    }
}

/// Loads a model folder, builds or takes a workload, measures the sgemm ceiling and scores the
/// workload. Library code: `rerank-site bench` and the tests call it.
public final class BenchRunner {
    public let folder: URL
    public let reranker: Qwen3Reranker
    public let loadSeconds: Double
    public let settings: BenchSettings

    /// Loads the model (timed).
    public init(folder: URL, settings: BenchSettings) throws {
        self.folder = folder
        self.settings = settings
        let start = monotonicSeconds()
        reranker = try Qwen3Reranker(folder: folder, options: settings.reranker)
        loadSeconds = monotonicSeconds() - start
    }

    /// The standard workload (or another spec) tokenized with this model's tokenizer.
    public func makeWorkload(_ spec: WorkloadSpec = .standard) -> Workload {
        let reranker = self.reranker
        return Bench.makeWorkload(spec) { reranker.tokenize($0).count }
    }

    /// Scores every query's documents, in order.
    public func score(_ workload: Workload) throws -> [[RerankScore]] {
        try workload.queries.map { q in
            try reranker.score(instruction: q.instruction, query: q.query, documents: q.documents)
        }
    }

    /// Measures the ceiling, warms up (the first pass faults the weights in), then scores the
    /// workload `repeats` times and reports the fastest run. Returns the figures and the scores.
    public func run(_ workload: Workload, named workloadName: String, shapeName: String, log: (String) -> Void = { _ in }) throws -> (BenchResult, [[RerankScore]]) {
        let c = reranker.config
        let linearShapes: [(out: Int, in: Int)] = [
            (c.queryWidth, c.hiddenSize), (c.kvWidth, c.hiddenSize), (c.kvWidth, c.hiddenSize), (c.hiddenSize, c.queryWidth),
            (c.intermediateSize, c.hiddenSize), (c.intermediateSize, c.hiddenSize), (c.hiddenSize, c.intermediateSize),
        ]
        let flopPerToken = 2 * Double(c.numHiddenLayers) * Double(linearShapes.reduce(0) { $0 + $1.out * $1.in })
        let rows = settings.reranker.batchRows
        let arithmetic = reranker.arithmetic
        let ceilingKernel = LinearKernel(setting: PrecisionSetting(rawValue: arithmetic.precision) ?? .fp32)
        let gemmName = arithmetic.resolved == .bf16 ? "bf16 GEMM" : "sgemm"
        func sampleCeiling(repeats: Int) -> SgemmCeiling {
            SgemmCeiling.measure(linearShapes: linearShapes, rows: rows, repeats: repeats, kernel: ceilingKernel)
        }
        log("measuring the \(gemmName) ceiling at \(rows) rows")
        var samples = [sampleCeiling(repeats: 3)]
        for s in samples[0].shapes { log("  \(gemmName) [\(s.rows), \(s.inp)] × [\(s.out), \(s.inp)]ᵀ: \(formatFixed(s.gflops, 1)) GFLOP/s") }

        if let first = workload.queries.first {
            log("warming up")
            _ = try reranker.score(instruction: first.instruction, query: first.query, documents: Array(first.documents.prefix(2)))
        }
        let promptTokens = workload.queries.reduce(0) { total, q in
            total + q.documents.reduce(0) { $0 + reranker.promptIDs(instruction: q.instruction, query: q.query, document: $1).ids.count }
        }
        // Each query is timed on its own; between queries (untimed) the ceiling is sampled again,
        // so it is measured under the same machine load as the engine.
        var best: (seconds: Double, perQuery: [Double], stats: ForwardStatistics, scores: [[RerankScore]])?
        for r in 0..<max(settings.repeats, 1) {
            reranker.resetStatistics()
            var perQuery: [Double] = []
            var scores: [[RerankScore]] = []
            for q in workload.queries {
                let start = monotonicSeconds()
                scores.append(try reranker.score(instruction: q.instruction, query: q.query, documents: q.documents))
                perQuery.append(monotonicSeconds() - start)
                samples.append(sampleCeiling(repeats: 2))
            }
            let seconds = perQuery.reduce(0, +)
            log("run \(r + 1): \(formatFixed(seconds, 2)) s")
            if let current = best, current.seconds <= seconds { continue }
            best = (seconds, perQuery, reranker.statistics, scores)
        }
        guard let b = best else { throw BenchError(step: "score", "no run") }
        let ceiling = SgemmCeiling.mean(samples)
        log("\(gemmName) ceiling: \(formatFixed(ceiling.gflops, 1)) GFLOP/s, mean of \(samples.count) samples")
        let s = b.stats
        let result = BenchResult(
            modelFolder: folder.path, modelShape: shapeName, blasCore: BLASRuntime.coreLabel, threads: BLASRuntime.threads,
            batchRows: settings.reranker.batchRows, precision: arithmetic, workload: workloadName, queries: workload.queries.count, pairs: workload.pairCount,
            promptTokens: promptTokens, computedTokens: s.rows,
            loadSeconds: loadSeconds, scoreSeconds: b.seconds, querySeconds: b.perQuery,
            pairsPerSecond: Double(workload.pairCount) / b.seconds,
            promptTokensPerSecond: Double(promptTokens) / b.seconds,
            linearGFLOPPerToken: flopPerToken / 1e9,
            linearGFLOPs: s.linearSeconds > 0 ? s.linearFLOP / s.linearSeconds / 1e9 : 0,
            effectiveGFLOPs: Double(promptTokens) * flopPerToken / b.seconds / 1e9,
            ceilingGFLOPs: ceiling.gflops,
            ceilingTokensPerSecond: ceiling.gflops * 1e9 / flopPerToken,
            linearSeconds: s.linearSeconds, attentionSeconds: s.attentionSeconds,
            otherSeconds: max(b.seconds - s.linearSeconds - s.attentionSeconds, 0),
            peakResidentBytes: peakResidentBytes())
        return (result, b.scores)
    }
}
