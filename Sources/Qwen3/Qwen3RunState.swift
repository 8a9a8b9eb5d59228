import Kernels

/// The scratch of forward passes, kept apart from config and weights (llama2.c's RunState).
/// Every buffer is sized by `reserve` for the largest pass so far and reused; nothing is
/// allocated per token or per layer. `rows` is the number of token rows in one pass (a prefix
/// extension and the candidate sequences, stacked), `P` the length of the prefix in the KV cache.
final class Qwen3RunState {
    let x = ScratchBuffer()            // [rows, hidden] residual stream
    let xb = ScratchBuffer()           // [rows, hidden] normed input, then each block's output
    let q = ScratchBuffer()            // [rows, heads·headDim]
    let k = ScratchBuffer()            // [rows, kvHeads·headDim] this layer's keys of the pass's rows
    let v = ScratchBuffer()            // [rows, kvHeads·headDim]
    let attention = ScratchBuffer()    // [rows, heads·headDim] attention output before o_proj
    let gate = ScratchBuffer()         // [rows, intermediate] gate_proj, then silu(gate)·up
    let up = ScratchBuffer()           // [rows, intermediate]
    let scores = ScratchBuffer()       // attentionScratchCount(longest sequence, P): last-layer attention
    let last = ScratchBuffer()         // [hidden] final-normed last row of one sequence
    let workspace = AttentionWorkspace()   // per-worker attention scores
    var positions: [Int32] = []        // [rows] absolute position of each row
    var queryPositions: [Int32] = []   // [sequences] position of each sequence's last row
    /// Per layer, [P, kvHeads·headDim]: keys and values of the cached prefix, fp32 or bf16 as
    /// attention reads them.
    private(set) var prefixCache: [KeyValueCache]
    /// The tokens whose keys/values are cached at positions 0..<prefixTokens.count.
    var prefixTokens: [Int32] = []
    var prefixLength: Int { prefixTokens.count }
    let rope: RoPETable

    private let config: Qwen3Config

    init(config: Qwen3Config, cacheBF16: Bool = false) {
        self.config = config
        prefixCache = (0..<config.numHiddenLayers).map { _ in KeyValueCache(width: config.kvWidth, bf16: cacheBF16) }
        rope = RoPETable(headDim: config.headDimension, theta: config.theta)
    }

    /// Makes every buffer big enough for a pass of `rows` rows whose longest sequence has
    /// `longest` rows (shared rows included), seeing at most `prefix` cached positions and `shared`
    /// rows of the pass shared with other sequences.
    func reserve(rows: Int, longest: Int, prefix: Int, shared: Int = 0,
                 attentionKernel: ArithmeticDescription.Kernel = .sgemm) {
        let c = config
        x.reserve(rows * c.hiddenSize)
        xb.reserve(rows * c.hiddenSize)
        q.reserve(rows * c.queryWidth)
        k.reserve(rows * c.kvWidth)
        v.reserve(rows * c.kvWidth)
        attention.reserve(rows * c.queryWidth)
        gate.reserve(rows * c.intermediateSize)
        up.reserve(rows * c.intermediateSize)
        // The prefix cache is held as the kernel reads it, so no cached row is rounded per call;
        // shared rows of the pass are fp32 and a bf16 kernel rounds them.
        scores.reserve(attentionScratchCount(tokens: longest, prefixLength: shared, shape: c.attentionShape,
                                             kernel: attentionKernel))
        last.reserve(c.hiddenSize)
        positions.reserveCapacity(rows)
        rope.reserve(positions: prefix + longest)
    }

    /// Makes the prefix cache hold `count` positions per layer, keeping the cached ones.
    func reservePrefix(_ count: Int) {
        for cache in prefixCache { cache.reserve(count, keeping: prefixLength) }
    }

    /// Holds the prefix cache in bf16 (or fp32) from now on; a change drops what is cached.
    func cachePrefix(bf16: Bool) {
        if prefixCache.first?.bf16 == bf16 { return }
        prefixTokens.removeAll()
        prefixCache = prefixCache.map { _ in KeyValueCache(width: config.kvWidth, bf16: bf16) }
    }
}
