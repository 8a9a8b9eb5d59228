import Dispatch
import Kernels

/// A Qwen3 decoder that turns token sequences into the reranker logit yes − no at their last
/// token (transformers' modeling_qwen3.py; fp32 arithmetic, or bf16 products with fp32 accumulation).
/// Config, weights and run state are kept apart.
///
/// Prompts that begin alike share their keys and values: the run state caches the keys/values of
/// a token prefix (positions 0..<P), and a pass (`run`) may both extend that cache by more prefix
/// tokens and run candidate sequences that continue it. All rows of a pass are stacked so each
/// linear layer is one GEMM over all of them; attention runs per sequence and head on every core.
/// Not thread-safe: one pass at a time.
final class Qwen3Model {
    let config: Qwen3Config
    let weights: Qwen3Weights
    let state: Qwen3RunState
    /// [hidden] w[yes] − w[no] of the output matrix; empty for an embedding model.
    let classifier: [Float]
    /// The linear layers' products in the chosen precision, with their scratch.
    private(set) var linearKernel: LinearKernel
    /// Time and work of the passes since the last reset.
    var statistics = ForwardStatistics()

    convenience init(weights: Qwen3Weights, yes: Int, no: Int, precision: PrecisionSetting = .fp32) {
        self.init(weights: weights, classifier: weights.classifierRow(yes: yes, no: no), precision: precision)
    }

    /// `classifier` empty: no logit head (Qwen3-Embedding reads hidden states through `run(…readout:)`).
    init(weights: Qwen3Weights, classifier: [Float], precision: PrecisionSetting = .fp32) {
        config = weights.config
        self.weights = weights
        linearKernel = LinearKernel(setting: precision)
        state = Qwen3RunState(config: weights.config, cacheBF16: linearKernel.description.kernel.cachesBF16)
        self.classifier = classifier
    }

    /// Tests: the same precision by another route (the emulated bf16 one on a CPU with AVX512-BF16).
    func replaceLinearKernel(_ kernel: LinearKernel) {
        linearKernel = kernel
        state.cachePrefix(bf16: kernel.description.kernel.cachesBF16)
    }

    /// Attention's products run in the linear layers' precision, by the same route (sgemm, AVX512-BF16
    /// or emulated bf16).
    var attentionKernel: ArithmeticDescription.Kernel { linearKernel.description.kernel }

    /// Cores the row-wise kernels and attention use: as many as OpenBLAS uses for a GEMM.
    var workers: Int { max(blasThreads, 1) }

    /// Keeps the longest cached prefix that `tokens` begins with and drops the rest of the cache.
    /// Returns how many tokens of `tokens` are cached.
    func keepCachedPrefix(of tokens: ArraySlice<Int32>) -> Int {
        var keep = 0
        let cached = state.prefixTokens
        while keep < cached.count, keep < tokens.count, cached[keep] == tokens[tokens.startIndex + keep] { keep += 1 }
        state.prefixTokens.removeLast(cached.count - keep)
        return keep
    }

    /// One pass over the layers. First `extending`: tokens that continue the cached prefix (at
    /// positions P..<P+E); their keys and values join the cache. Then `sequences`: each continues the
    /// (extended) prefix from position P+E. Returns logit_yes − logit_no at each sequence's last
    /// token. Every sequence must be non-empty; ids are checked against the vocabulary by the caller.
    func run(extending: ArraySlice<Int32>, sequences: [ArraySlice<Int32>]) -> [Double] {
        let h = config.hiddenSize
        return run(extending: extending, sequences: sequences) { Double(dot($0, classifier, count: h)) }
    }

    /// The same pass, reading each sequence's last token through `readout`, which gets the final-normed
    /// hidden state ([hidden], valid during the call): the reranker's yes − no logit, or
    /// Qwen3-Embedding's last-token vector.
    func run<T>(extending: ArraySlice<Int32>, sequences: [ArraySlice<Int32>],
                readout: (UnsafePointer<Float>) -> T) -> [T] {
        run(extending: extending, groups: sequences.map { SequenceGroup(head: [], tails: [$0]) }, readout: readout)
    }

    /// Candidate sequences of a pass that begin alike after the prefix: `head` (possibly empty) is
    /// computed once in the pass, at the positions right after the prefix, and every tail continues
    /// it, seeing the prefix, the head's rows and itself. A request's documents share its query so.
    struct SequenceGroup {
        var head: ArraySlice<Int32>
        var tails: [ArraySlice<Int32>]
        var rows: Int { tails.reduce(head.count) { $0 + $1.count } }
    }

    /// The pass with sequences in groups: each group's head runs once, then its tails; the readout
    /// is at each tail's last token, groups in order. Tails must be non-empty.
    func run<T>(extending: ArraySlice<Int32>, groups: [SequenceGroup], readout: (UnsafePointer<Float>) -> T) -> [T] {
        let p0 = state.prefixLength, e = extending.count, p1 = p0 + e
        let rows = e + groups.reduce(0) { $0 + $1.rows }
        if rows == 0 { return [] }
        let longest = max(e, groups.map { $0.head.count + ($0.tails.map(\.count).max() ?? 0) }.max() ?? 0)
        let longestHead = groups.map(\.head.count).max() ?? 0
        state.reserve(rows: rows, longest: longest, prefix: p1, shared: longestHead, attentionKernel: attentionKernel)
        state.reservePrefix(p1)

        // Rows: the extension at positions p0..<p1, then per group its head from position p1 and
        // each tail after the head.
        var attention: [AttentionSequence] = []
        var outputSequences: [Int] = []
        state.positions.removeAll(keepingCapacity: true)
        embed(extending, at: 0)
        for j in 0..<e { state.positions.append(Int32(p0 + j)) }
        if e > 0 { attention.append(AttentionSequence(rows: 0..<e, keyRow: 0, prefixLength: p0)) }
        var lastRows: [Int] = []
        var start = e
        for group in groups {
            let head = start..<(start + group.head.count)
            if !head.isEmpty {
                embed(group.head, at: start)
                for j in 0..<head.count { state.positions.append(Int32(p1 + j)) }
                attention.append(AttentionSequence(rows: head, keyRow: start, prefixLength: p1))
                start = head.upperBound
            }
            for seq in group.tails {
                embed(seq, at: start)
                for j in 0..<seq.count { state.positions.append(Int32(p1 + head.count + j)) }
                outputSequences.append(attention.count)
                attention.append(AttentionSequence(rows: start..<(start + seq.count), keyRow: start, prefixLength: p1,
                                                   sharedRows: head))
                start += seq.count
                lastRows.append(start - 1)
            }
        }
        state.queryPositions.removeAll(keepingCapacity: true)
        for row in lastRows { state.queryPositions.append(state.positions[row]) }
        let plan = AttentionPlan(sequences: attention,
                                 kvHeads: config.numKeyValueHeads, workers: workers)
        runLayers(Pass(rows: rows, extensionRows: e, cachedBefore: p0, plan: plan, outputRows: lastRows,
                       outputSequences: outputSequences))
        state.prefixTokens.append(contentsOf: extending)
        statistics.rows += rows
        statistics.passes += 1

        // Final norm and the readout, at each sequence's last row only (row i of x after the last layer).
        let h = config.hiddenSize
        return lastRows.indices.map { i in
            rmsNorm(state.last.pointer, state.x.pointer + i * h, weight: weights.finalNorm,
                    rows: 1, width: h, eps: Float(config.rmsNormEps))
            return readout(UnsafePointer(state.last.pointer))
        }
    }

    /// x[start + i] = embedding row of tokens[i].
    private func embed(_ tokens: ArraySlice<Int32>, at start: Int) {
        let h = config.hiddenSize
        for (i, id) in tokens.enumerated() {
            weights.embedding.copyRow(Int(id), into: state.x.pointer + (start + i) * h)
        }
    }

    /// y = x · wᵀ (y += x · wᵀ with `accumulate`) over `rows` rows, timed and counted.
    @inline(__always)
    private func project(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: Matrix, rows: Int,
                         accumulate: Bool = false) {
        let start = DispatchTime.now().uptimeNanoseconds
        linearKernel.apply(y, x, w, rows: rows, workers: workers, accumulate: accumulate)
        statistics.linearSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        statistics.linearFLOP += 2 * Double(rows) * Double(w.rows) * Double(w.cols)
    }

    /// What one pass over the layers works on: the stacked rows, the prefix cache they extend, the
    /// attention plan, and which rows the scores read.
    private struct Pass {
        /// Token rows in state.x: the prefix extension first, then the candidate sequences.
        let rows: Int
        /// The first `extensionRows` rows extend the prefix cache, which holds `cachedBefore` rows.
        let extensionRows: Int
        let cachedBefore: Int
        let plan: AttentionPlan
        /// Each candidate's last row: the only rows the last layer's output is needed at.
        let outputRows: [Int]
        /// The plan's sequence of each output row (group heads have none).
        let outputSequences: [Int]
        var prefixTotal: Int { cachedBefore + extensionRows }
    }

    /// The decoder layers over the pass's stacked rows in state.x:
    ///     x += o_proj(attention(rope(norm(q)), rope(norm(k)), v))   with q, k, v projections of norm(x)
    ///     x += down(silu(gate(norm(x))) · up(norm(x)))
    /// The extension rows' keys/values are copied into the prefix cache each layer, before
    /// attention, so the candidate sequences see them. The last layer computes only the rows the
    /// scores read (llama.cpp's inp_out_ids): keys/values of every row, then query, attention,
    /// o_proj and MLP of each sequence's last row alone, left in row i of state.x.
    private func runLayers(_ pass: Pass) {
        for (l, w) in weights.layers.enumerated() {
            let outputs: [Int]? = l == weights.layers.count - 1 ? pass.outputRows : nil
            let active = attentionBlock(w, layer: l, pass: pass, outputs: outputs)
            if active == 0 { break }
            mlpBlock(w, rows: active)
        }
    }

    /// x += o_proj(attention(...)) for one layer. With `outputs`, keys and values are computed
    /// for every row and everything after them for those rows alone, moved to rows 0..<count.
    /// Returns the rows that stay active.
    private func attentionBlock(_ w: LayerWeights, layer l: Int, pass: Pass, outputs: [Int]?) -> Int {
        let c = config, s = state, rows = pass.rows
        let h = c.hiddenSize, qw = c.queryWidth, kvw = c.kvWidth, d = c.headDimension, eps = Float(c.rmsNormEps)
        let shape = c.attentionShape
        let x = s.x.pointer, xb = s.xb.pointer, q = s.q.pointer, k = s.k.pointer, v = s.v.pointer
        let att = s.attention.pointer, n = workers
        let cache = s.prefixCache[l]   // [P, kvw]

        forEachRowChunk(rows: rows, workers: n) { r in
            rmsNorm(xb + r.lowerBound * h, x + r.lowerBound * h, weight: w.inputNorm, rows: r.count, width: h, eps: eps)
        }
        project(k, xb, w.kProj, rows: rows)
        project(v, xb, w.vProj, rows: rows)
        if let outputs { selectRows(outputs) }
        let active = outputs?.count ?? rows
        project(q, xb, w.qProj, rows: active)
        (outputs == nil ? s.positions : s.queryPositions).withUnsafeBufferPointer { pos in
            guard let p = pos.baseAddress else { return }
            forEachRowChunk(rows: active, workers: n) { r in
                let qr = q + r.lowerBound * qw
                rmsNorm(qr, qr, weight: w.qNorm, rows: r.count * shape.heads, width: d, eps: eps)
                s.rope.apply(qr, rows: r.count, heads: shape.heads, positions: p + r.lowerBound)
            }
        }
        s.positions.withUnsafeBufferPointer { pos in
            guard let p = pos.baseAddress else { return }
            forEachRowChunk(rows: rows, workers: n) { r in
                let kr = k + r.lowerBound * kvw
                rmsNorm(kr, kr, weight: w.kNorm, rows: r.count * shape.kvHeads, width: d, eps: eps)
                s.rope.apply(kr, rows: r.count, heads: shape.kvHeads, positions: p + r.lowerBound)
            }
        }
        // The extension's keys/values join the cache (rounded to bf16 here once for bf16 attention).
        let attentionStart = DispatchTime.now().uptimeNanoseconds
        cache.write(keys: k, values: v, rows: pass.extensionRows, at: pass.cachedBefore)
        if active == 0 {
            statistics.attentionSeconds += Double(DispatchTime.now().uptimeNanoseconds - attentionStart) / 1e9
            return 0
        }
        let prefix = pass.prefixTotal > 0 ? cache.rows : nil
        if outputs == nil {
            causalAttentionPacked(out: att, q: q, prefix: prefix, keys: k, values: v, shape: shape, plan: pass.plan,
                                  workspace: s.workspace, kernel: attentionKernel)
        } else {
            // Each candidate's last row alone attends (its query is row i of q).
            for (i, index) in pass.outputSequences.enumerated() {
                let seq = pass.plan.sequences[index]
                let segments = seenSegments(prefix: prefix, prefixLength: pass.prefixTotal, sharedRows: seq.sharedRows,
                                            keys: k, values: v, kvWidth: kvw)
                causalAttention(out: att + i * qw, q: q + i * qw, segments: segments,
                                keys: k + seq.keyRow * kvw, values: v + seq.keyRow * kvw,
                                tokens: seq.rows.count, queryCount: 1, shape: shape, scratch: s.scores.pointer,
                                kernel: attentionKernel)
            }
        }
        statistics.attentionSeconds += Double(DispatchTime.now().uptimeNanoseconds - attentionStart) / 1e9
        // o_proj adds onto the residual stream x inside its GEMM.
        project(x, att, w.oProj, rows: active, accumulate: true)
        return active
    }

    /// Row i of xb (the normed input) and x (the residual) become row outputs[i]: from here on
    /// rows 0..<outputs.count are all that run. outputs ascend and outputs[i] ≥ i, so nothing is
    /// overwritten before it is read.
    private func selectRows(_ outputs: [Int]) {
        let h = config.hiddenSize, x = state.x.pointer, xb = state.xb.pointer
        for (i, row) in outputs.enumerated() where row != i {
            (xb + i * h).update(from: xb + row * h, count: h)
            (x + i * h).update(from: x + row * h, count: h)
        }
    }

    /// x += down(silu(gate(norm(x))) · up(norm(x))) over rows 0..<rows; down_proj adds onto the
    /// residual stream inside its GEMM.
    private func mlpBlock(_ w: LayerWeights, rows: Int) {
        let c = config, s = state
        let h = c.hiddenSize, inter = c.intermediateSize, eps = Float(c.rmsNormEps)
        let x = s.x.pointer, xb = s.xb.pointer, gate = s.gate.pointer, up = s.up.pointer, n = workers
        forEachRowChunk(rows: rows, workers: n) { r in
            rmsNorm(xb + r.lowerBound * h, x + r.lowerBound * h, weight: w.postNorm, rows: r.count, width: h, eps: eps)
        }
        project(gate, xb, w.gateProj, rows: rows)
        project(up, xb, w.upProj, rows: rows)
        forEachRowChunk(rows: rows, workers: n) { r in
            swiGLU(gate + r.lowerBound * inter, up: up + r.lowerBound * inter, count: r.count * inter)
        }
        project(x, gate, w.downProj, rows: rows, accumulate: true)
    }
}
