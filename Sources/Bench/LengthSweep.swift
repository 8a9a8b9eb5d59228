import Foundation
import Qwen3
import Kernels

/// The figures of one document length in a length sweep (`rerank-site bench --doc-tokens`).
public struct LengthPoint: Codable, Sendable {
    /// Tokens of each document's text (before the template).
    public var documentTokens: Int
    public var pairs: Int
    /// Prompt tokens of all pairs, template included.
    public var promptTokens: Int
    /// Fastest and median of the timed runs, seconds.
    public var minSeconds: Double
    public var medianSeconds: Double
    /// Prompt tokens ÷ the fastest and the median run.
    public var tokensPerSecond: Double
    public var medianTokensPerSecond: Double
    /// Seconds of the fastest run inside attention and inside the linear layers.
    public var attentionSeconds: Double
    public var linearSeconds: Double
    /// Peak resident memory while this length ran (bytes), weights' mapped pages included.
    public var peakResidentBytes: Int
}

/// A length sweep: tokens/s and peak memory per document length, on one model in one process.
public struct LengthSweepResult: Codable, Sendable {
    public var modelFolder: String
    public var modelShape: String
    public var blasCore: String
    public var threads: Int
    public var batchRows: Int
    public var repeats: Int
    /// True where each length's peak is its own (Linux resets the peak between lengths); false where
    /// every peak is the process's so far.
    public var peakPerLength: Bool
    public var points: [LengthPoint]

    /// tokens/s of the longest documents ÷ tokens/s of the shortest (fastest runs).
    public var longestToShortest: Double {
        guard let first = points.first, let last = points.last, first.tokensPerSecond > 0 else { return 0 }
        return last.tokensPerSecond / first.tokensPerSecond
    }

    public var text: String {
        func f(_ x: Double, _ digits: Int = 1) -> String { formatFixed(x, digits) }
        var lines = [
            "model            \(modelShape) (\(modelFolder))",
            "BLAS             OpenBLAS \(blasCore), \(threads) thread(s); \(batchRows) rows per pass; \(repeats) timed run(s) per length",
            "doc tokens  pairs  prompt tokens  tokens/s min-time (median)  attention share  peak memory",
        ]
        for p in points {
            let share = p.minSeconds > 0 ? 100 * p.attentionSeconds / p.minSeconds : 0
            lines.append([
                String(p.documentTokens).leftPadded(10), String(p.pairs).leftPadded(6), String(p.promptTokens).leftPadded(14),
                "\(f(p.tokensPerSecond)) (\(f(p.medianTokensPerSecond)))".leftPadded(27),
                "\(f(share))%".leftPadded(16), "\(f(Double(p.peakResidentBytes) / 1_048_576)) MiB".leftPadded(12),
            ].joined(separator: " "))
        }
        if points.count > 1, let first = points.first, let last = points.last {
            lines.append("tokens/s at \(last.documentTokens) ÷ at \(first.documentTokens): \(f(longestToShortest, 2))")
        }
        if !peakPerLength { lines.append("(peak memory is the process's peak so far: this system cannot reset it per length)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension BenchRunner {
    /// For each document length: one query with as many documents of exactly that many tokens as fit
    /// in `tokensPerLength` (at least one), scored `repeats` times after a warm-up. The reranker's max
    /// length must hold the longest prompt: a cut prompt is an error, not a figure.
    public func sweepLengths(_ lengths: [Int], tokensPerLength: Int, shapeName: String,
                             log: (String) -> Void = { _ in }) throws -> LengthSweepResult {
        var points: [LengthPoint] = []
        var perLength = true
        var warmed = false
        for length in lengths {
            var spec = WorkloadSpec.standard
            spec.queries = 1
            spec.candidates = max(1, tokensPerLength / length)
            spec.documentTokens = length...length
            spec.seed = 7 &+ UInt64(length)
            log("\(length) tokens: writing \(spec.candidates) documents")
            let workload = makeWorkload(spec)
            guard let q = workload.queries.first else { throw BenchError(step: "length sweep", "empty workload") }
            let prompts = q.documents.map { reranker.promptIDs(instruction: q.instruction, query: q.query, document: $0) }
            if prompts.contains(where: \.truncated) {
                throw BenchError(step: "length sweep", "documents of \(length) tokens do not fit the max length \(reranker.options.maxLength)")
            }
            let promptTokens = prompts.reduce(0) { $0 + $1.ids.count }
            if !warmed {
                _ = try reranker.score(instruction: q.instruction, query: q.query, documents: [String(q.documents[0].prefix(200))])
                warmed = true
            }
            perLength = perLength && resetPeakResident()
            var runs: [(seconds: Double, stats: ForwardStatistics)] = []
            for r in 0..<max(settings.repeats, 1) {
                // Every run computes the whole prompts: nothing of this query stays cached.
                _ = try reranker.score(instruction: "", query: "", documents: ["-"])
                reranker.resetStatistics()
                let start = monotonicSeconds()
                _ = try reranker.score(instruction: q.instruction, query: q.query, documents: q.documents)
                runs.append((monotonicSeconds() - start, reranker.statistics))
                log("  run \(r + 1): \(formatFixed(runs[runs.count - 1].seconds, 2)) s")
            }
            let sorted = runs.map(\.seconds).sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            let best = runs.min { $0.seconds < $1.seconds }!
            points.append(LengthPoint(
                documentTokens: length, pairs: q.documents.count, promptTokens: promptTokens,
                minSeconds: best.seconds, medianSeconds: median,
                tokensPerSecond: Double(promptTokens) / best.seconds, medianTokensPerSecond: Double(promptTokens) / median,
                attentionSeconds: best.stats.attentionSeconds, linearSeconds: best.stats.linearSeconds,
                peakResidentBytes: peakResidentBytes()))
        }
        return LengthSweepResult(modelFolder: folder.path, modelShape: shapeName, blasCore: BLASRuntime.coreLabel,
                                 threads: BLASRuntime.threads, batchRows: settings.reranker.batchRows,
                                 repeats: max(settings.repeats, 1), peakPerLength: perLength, points: points)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
