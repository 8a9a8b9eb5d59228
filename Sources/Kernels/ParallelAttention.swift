import Dispatch

// Attention of many packed sequences at once, spread over the cores. One (sequence, key/value head)
// pair is a job; jobs go to workers by longest-first greedy balancing (deterministic), and each worker runs
// its jobs (the fused kernels, or single-threaded BLAS calls) in its own scratch. Small per-head
// products do not split well across threads; whole heads on separate cores do.

/// Score scratch for `causalAttentionPacked`: one buffer per worker, grown once and reused.
public final class AttentionWorkspace {
    private var buffers: [ScratchBuffer] = []
    /// Each worker's scratch, valid after `reserve`.
    private(set) var pointers: [UnsafeMutablePointer<Float>] = []

    public init() {}

    /// Makes room for `workers` workers on sequences of up to `longest` own rows, with `prefix` fp32
    /// cached rows that a bf16 kernel rounds per call.
    /// Allocates only when more room than ever before is needed.
    func reserve(workers: Int, longest: Int, prefix: Int, shape: AttentionShape, kernel: ArithmeticDescription.Kernel) {
        let count = attentionScratchCount(tokens: longest, prefixLength: prefix, shape: shape, kernel: kernel)
        while buffers.count < workers {
            buffers.append(ScratchBuffer())
            pointers.append(buffers[buffers.count - 1].pointer)
        }
        for i in 0..<workers { pointers[i] = buffers[i].reserve(count) }
    }
}

/// One sequence of a packed pass: its query/output rows, where its own keys and values start in
/// the key/value buffers, how many cached prefix rows it sees before them, and which rows of the
/// same pass it also sees whole in between (the tokens several sequences of the pass share after
/// the cached prefix, computed once: a request's query, shared by its documents).
public struct AttentionSequence: Sendable, Equatable {
    /// Rows of q and out (packed buffers [rows, heads·headDim]).
    public var rows: Range<Int>
    /// First row of its own keys/values in the key/value buffers ([*, kvHeads·headDim]).
    public var keyRow: Int
    /// Rows of the prefix cache it attends to before its own.
    public var prefixLength: Int
    /// Rows of the pass's key/value buffers it sees whole after the prefix and before its own
    /// (empty: none). They belong to an earlier sequence of the pass.
    public var sharedRows: Range<Int>
    public init(rows: Range<Int>, keyRow: Int, prefixLength: Int, sharedRows: Range<Int> = 0..<0) {
        self.rows = rows; self.keyRow = keyRow; self.prefixLength = prefixLength; self.sharedRows = sharedRows
    }
    /// Positions it sees before its own: the prefix's and the shared rows'.
    public var seenBefore: Int { prefixLength + sharedRows.count }
}

/// Which worker runs which (sequence, key/value head) job: made once per pass (the sequences are the same in
/// every layer), so the layers allocate nothing.
public struct AttentionPlan {
    public let sequences: [AttentionSequence]
    public let kvHeads: Int
    /// Job numbers (sequence · kvHeads + kvHead) per worker.
    let jobs: [[Int]]
    /// Largest own length, largest prefix and most shared rows: what the score scratch must hold.
    let longest: Int
    let longestPrefix: Int
    let longestShared: Int

    public init(sequences: [AttentionSequence], kvHeads: Int, workers: Int) {
        self.sequences = sequences
        self.kvHeads = kvHeads
        longest = sequences.map(\.rows.count).max() ?? 0
        longestPrefix = sequences.map(\.prefixLength).max() ?? 0
        longestShared = sequences.map(\.sharedRows.count).max() ?? 0
        let count = max(1, min(workers, sequences.count * kvHeads))
        jobs = balanceJobs(costs: sequences.map { Double($0.rows.count) * Double($0.seenBefore + $0.rows.count) },
                           kvHeads: kvHeads, workers: count)
    }
}

/// out and q are [rows, heads·headDim]; keys and values hold each sequence's own rows from its
/// `keyRow` (and its shared rows); `prefix` is the cache [≥ prefixLength, kvHeads·headDim] every
/// sequence reads its first `prefixLength` rows of (fp32, or bf16 for the bf16 kernels). Same results
/// as `causalAttention` per sequence with the segments [prefix, shared rows], with the (sequence,
/// head) jobs spread over the plan's workers, each calling single-threaded BLAS (or the fused
/// kernels, as `kernel` and the CPU say).
public func causalAttentionPacked(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>, prefix: KeyValueRows?,
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
    shape: AttentionShape, plan: AttentionPlan, workspace: AttentionWorkspace,
    kernel: ArithmeticDescription.Kernel = .sgemm
) {
    if plan.longest == 0 { return }
    // A bf16 kernel rounds fp32 segments per call: the shared rows, and an fp32 prefix.
    var roundedPrefix = kernel.cachesBF16 ? plan.longestShared : 0
    if case .fp32 = prefix, kernel.cachesBF16 { roundedPrefix += plan.longestPrefix }
    workspace.reserve(workers: plan.jobs.count, longest: plan.longest, prefix: roundedPrefix, shape: shape,
                      kernel: kernel)
    let scratch = workspace.pointers
    let qWidth = shape.queryWidth, kvWidth = shape.kvWidth
    let segments = plan.sequences.map { seq in
        seenSegments(prefix: prefix, prefixLength: seq.prefixLength, sharedRows: seq.sharedRows,
                     keys: keys, values: values, kvWidth: kvWidth)
    }

    func run(worker w: Int) {
        for job in plan.jobs[w] {
            let seq = plan.sequences[job / plan.kvHeads], kvHead = job % plan.kvHeads
            let r = seq.rows.lowerBound
            causalAttention(out: out + r * qWidth, q: q + r * qWidth, segments: segments[job / plan.kvHeads],
                            keys: keys + seq.keyRow * kvWidth, values: values + seq.keyRow * kvWidth,
                            tokens: seq.rows.count, shape: shape, scratch: scratch[w], kvHeads: kvHead..<(kvHead + 1),
                            kernel: kernel)
        }
    }
    if plan.jobs.count == 1 {
        run(worker: 0)
        return
    }
    let threadsBefore = blasThreads
    setBLASThreads(1)
    DispatchQueue.concurrentPerform(iterations: plan.jobs.count) { run(worker: $0) }
    setBLASThreads(threadsBefore)
}

/// The runs of keys a sequence sees before its own: the first `prefixLength` rows of the prefix
/// cache, then its shared rows of the pass's fp32 keys/values ([rows, kvWidth]).
public func seenSegments(prefix: KeyValueRows?, prefixLength: Int, sharedRows: Range<Int>,
                         keys: UnsafePointer<Float>, values: UnsafePointer<Float>, kvWidth: Int) -> [KeySegment] {
    var segments: [KeySegment] = []
    if let prefix, prefixLength > 0 { segments.append(KeySegment(prefix, length: prefixLength)) }
    if !sharedRows.isEmpty {
        let r = sharedRows.lowerBound * kvWidth
        segments.append(KeySegment(.fp32(keys: keys + r, values: values + r), length: sharedRows.count))
    }
    return segments
}

/// Jobs (sequence · kvHeads + kvHead) per worker: costliest first, each to the least loaded worker.
func balanceJobs(costs: [Double], kvHeads: Int, workers: Int) -> [[Int]] {
    var order = Array(0..<(costs.count * kvHeads))
    order.sort { a, b in
        let ca = costs[a / kvHeads], cb = costs[b / kvHeads]
        return ca != cb ? ca > cb : a < b
    }
    var load = [Double](repeating: 0, count: workers)
    var plan = [[Int]](repeating: [], count: workers)
    for job in order {
        var w = 0
        for i in 0..<workers where load[i] < load[w] { w = i }
        plan[w].append(job)
        load[w] += costs[job / kvHeads]
    }
    return plan
}
