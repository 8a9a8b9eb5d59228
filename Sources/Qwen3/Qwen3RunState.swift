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
    /// Per layer, [P, kvHeads·headDim]: keys and values of the cached prefix.
    private(set) var prefixKeys: [ScratchBuffer]
    private(set) var prefixValues: [ScratchBuffer]
    /// The tokens whose keys/values are cached at positions 0..<prefixTokens.count.
    var prefixTokens: [Int32] = []
    var prefixLength: Int { prefixTokens.count }
    let rope: RoPETable

    private let config: Qwen3Config

    init(config: Qwen3Config) {
        self.config = config
        prefixKeys = (0..<config.numHiddenLayers).map { _ in ScratchBuffer() }
        prefixValues = (0..<config.numHiddenLayers).map { _ in ScratchBuffer() }
        rope = RoPETable(headDim: config.headDimension, theta: config.theta)
    }

    /// Makes every buffer big enough for a pass of `rows` rows whose longest sequence has
    /// `longest` rows, seeing at most `prefix` cached positions.
    func reserve(rows: Int, longest: Int, prefix: Int, attentionKernel: ArithmeticDescription.Kernel = .sgemm) {
        let c = config
        x.reserve(rows * c.hiddenSize)
        xb.reserve(rows * c.hiddenSize)
        q.reserve(rows * c.queryWidth)
        k.reserve(rows * c.kvWidth)
        v.reserve(rows * c.kvWidth)
        attention.reserve(rows * c.queryWidth)
        gate.reserve(rows * c.intermediateSize)
        up.reserve(rows * c.intermediateSize)
        scores.reserve(attentionScratchCount(tokens: longest, prefixLength: prefix, shape: c.attentionShape,
                                             kernel: attentionKernel))
        last.reserve(c.hiddenSize)
        positions.reserveCapacity(rows)
        rope.reserve(positions: prefix + longest)
    }

    /// Makes the prefix cache hold `count` positions per layer, keeping the cached ones.
    func reservePrefix(_ count: Int) {
        let width = config.kvWidth
        for i in 0..<prefixKeys.count where prefixKeys[i].capacity < count * width {
            let size = max(count, 2 * prefixKeys[i].capacity / max(width, 1)) * width
            let keys = ScratchBuffer(capacity: size), values = ScratchBuffer(capacity: size)
            keys.pointer.update(from: prefixKeys[i].pointer, count: prefixLength * width)
            values.pointer.update(from: prefixValues[i].pointer, count: prefixLength * width)
            prefixKeys[i] = keys
            prefixValues[i] = values
        }
    }
}
