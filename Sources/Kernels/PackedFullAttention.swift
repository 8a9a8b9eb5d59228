import CEncoderKernels
import Dispatch

// Bidirectional attention (BERT's, no mask) over many short sequences packed one after another,
// spread over the cores. The sequences of a sentence-embedding batch are short (tens of tokens):
// there two sgemm calls per head cost more in call overhead than in arithmetic, so each head is
// computed by a direct kernel instead (cenc_attend_sequence, in C for the CPU's widest vectors).
// Keys are transposed once per head so that one query's scores are a sum of rows (vectorized over
// the keys), and its output a sum of value rows (vectorized over the head's dimensions). Whole sequences go to workers, longest first, each to
// the least loaded: deterministic, and every sequence's result is independent of the split.

/// Scratch for `fullAttentionPacked`: one buffer per worker, grown once and reused.
public final class FullAttentionWorkspace {
    private var buffers: [ScratchBuffer] = []

    public init() {}

    /// Each of `workers` workers' scratch for sequences of up to `longest` tokens.
    fileprivate func reserve(workers: Int, longest: Int, headDim: Int) -> [UnsafeMutablePointer<Float>] {
        while buffers.count < workers { buffers.append(ScratchBuffer()) }
        return buffers.prefix(workers).map { $0.reserve(packedAttentionScratchCount(tokens: longest, headDim: headDim)) }
    }
}

/// Floats one worker needs: the transposed keys [headDim, tokens] and one row of scores [tokens].
func packedAttentionScratchCount(tokens: Int, headDim: Int) -> Int { cenc_attention_scratch(tokens, headDim) }

/// Which worker takes which sequences: longest (costliest, ∝ tokens²) first, each to the least
/// loaded worker, ties to the lowest worker. Pure and deterministic.
public func balanceSequences(_ sequences: [Range<Int>], workers: Int) -> [[Int]] {
    let count = max(1, min(workers, sequences.count))
    let order = sequences.indices.sorted { a, b in
        sequences[a].count != sequences[b].count ? sequences[a].count > sequences[b].count : a < b
    }
    var load = [Double](repeating: 0, count: count)
    var plan = [[Int]](repeating: [], count: count)
    for s in order {
        var w = 0
        for i in 1..<count where load[i] < load[w] { w = i }
        plan[w].append(s)
        load[w] += Double(sequences[s].count) * Double(sequences[s].count)
    }
    return plan
}

/// For every sequence (a range of rows) and every head h: out_h = softmax(q_h·k_hᵀ / √d) · v_h,
/// each token seeing every token of its own sequence.
///   q, k, v: [rows, ≥ heads·headDim] row-major with leading dimension `ldInput` (they may be
///            column slices of one fused [rows, 3·hidden] projection)
///   out:     [rows, ≥ heads·headDim] with leading dimension `ldOutput`
public func fullAttentionPacked(
    out: UnsafeMutablePointer<Float>, ldOutput: Int,
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, ldInput: Int,
    sequences: [Range<Int>], heads: Int, headDim: Int, workers: Int, workspace: FullAttentionWorkspace
) {
    let longest = sequences.map(\.count).max() ?? 0
    if longest == 0 { return }
    let plan = balanceSequences(sequences, workers: workers)
    let scratch = workspace.reserve(workers: plan.count, longest: longest, headDim: headDim)
    func run(_ w: Int) {
        for s in plan[w] {
            let r = sequences[s].lowerBound
            attendOneSequence(out: out + r * ldOutput, ldOutput: ldOutput, q: q + r * ldInput, k: k + r * ldInput,
                              v: v + r * ldInput, ldInput: ldInput, tokens: sequences[s].count,
                              heads: heads, headDim: headDim, scratch: scratch[w])
        }
    }
    if plan.count == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: plan.count, execute: run) }
}

/// Every head of one sequence; `scratch` holds packedAttentionScratchCount(tokens:headDim:) floats.
@inline(__always)
func attendOneSequence(
    out: UnsafeMutablePointer<Float>, ldOutput: Int,
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, ldInput: Int,
    tokens n: Int, heads: Int, headDim d: Int, scratch: UnsafeMutablePointer<Float>
) {
    cenc_attend_sequence(out, ldOutput, q, k, v, ldInput, n, heads, d, scratch)
}
