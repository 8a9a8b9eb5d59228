import Dispatch
import Kernels

/// A Qwen3 decoder that turns token sequences into the reranker logit yes − no at their last
/// token (transformers' modeling_qwen3.py, fp32 arithmetic). Config, weights and run state are
/// kept apart.
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
    /// [hidden] w[yes] − w[no] of the output matrix.
    let classifier: [Float]
    /// Time and work of the passes since the last reset.
    var statistics = ForwardStatistics()

    init(weights: Qwen3Weights, yes: Int, no: Int) {
        config = weights.config
        self.weights = weights
        state = Qwen3RunState(config: weights.config)
        classifier = weights.classifierRow(yes: yes, no: no)
    }

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
        let p0 = state.prefixLength, e = extending.count, p1 = p0 + e
        let rows = e + sequences.reduce(0) { $0 + $1.count }
        if rows == 0 { return [] }
        let longest = max(e, sequences.map(\.count).max() ?? 0)
        state.reserve(rows: rows, longest: longest, prefix: p1)
        state.reservePrefix(p1)

        // Rows: the extension at positions p0..<p1, then each sequence from position p1.
        var attention: [AttentionSequence] = []
        state.positions.removeAll(keepingCapacity: true)
        embed(extending, at: 0)
        for j in 0..<e { state.positions.append(Int32(p0 + j)) }
        if e > 0 { attention.append(AttentionSequence(rows: 0..<e, keyRow: 0, prefixLength: p0)) }
        var lastRows: [Int] = []
        var start = e
        for seq in sequences {
            embed(seq, at: start)
            for j in 0..<seq.count { state.positions.append(Int32(p1 + j)) }
            attention.append(AttentionSequence(rows: start..<(start + seq.count), keyRow: start, prefixLength: p1))
            start += seq.count
            lastRows.append(start - 1)
        }
        state.queryPositions.removeAll(keepingCapacity: true)
        for row in lastRows { state.queryPositions.append(state.positions[row]) }
        let plan = AttentionPlan(sequences: attention,
                                 kvHeads: config.numKeyValueHeads, workers: workers)
        runLayers(rows: rows, extensionRows: e, cachedBefore: p0, plan: plan, lastRows: lastRows)
        state.prefixTokens.append(contentsOf: extending)
        statistics.rows += rows
        statistics.passes += 1

        // Final norm and the yes − no row, at each sequence's last row only (row i of x after
        // the last layer).
        let h = config.hiddenSize
        return lastRows.indices.map { i in
            rmsNorm(state.last.pointer, state.x.pointer + i * h, weight: weights.finalNorm.data,
                    rows: 1, width: h, eps: Float(config.rmsNormEps))
            return Double(dot(state.last.pointer, classifier, count: h))
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
    private func project(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: WeightMatrix, rows: Int,
                         accumulate: Bool = false) {
        let start = DispatchTime.now().uptimeNanoseconds
        linear(y, x, w, rows: rows, scratch: state.weight, accumulate: accumulate)
        statistics.linearSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        statistics.linearFLOP += 2 * Double(rows) * Double(w.rows) * Double(w.cols)
    }

    /// The decoder layers over the pass's `rows` stacked rows in state.x. The first `extensionRows` rows
    /// extend the prefix cache (which holds `cachedBefore` rows): their keys/values are copied into
    /// it each layer, before attention, so the candidate sequences see them. The last layer runs only
    /// what the scores need: keys/values of all rows, then the query, attention, o_proj and the MLP
    /// for each sequence's last row alone, left in row i of state.x.
    private func runLayers(rows: Int, extensionRows: Int, cachedBefore: Int, plan: AttentionPlan, lastRows: [Int]) {
        let c = config, s = state
        let h = c.hiddenSize, qw = c.queryWidth, kvw = c.kvWidth, inter = c.intermediateSize
        let d = c.headDimension, eps = Float(c.rmsNormEps)
        let shape = c.attentionShape
        let x = s.x.pointer, xb = s.xb.pointer, q = s.q.pointer, k = s.k.pointer, v = s.v.pointer
        let att = s.attention.pointer, gate = s.gate.pointer, up = s.up.pointer
        let n = workers
        let prefixTotal = cachedBefore + extensionRows
        for (l, w) in weights.layers.enumerated() {
            let lastLayer = l == weights.layers.count - 1
            let cacheK = s.prefixKeys[l].pointer, cacheV = s.prefixValues[l].pointer   // [P, kvw]

            // Attention block: normed input, projections, per-head q/k RMSNorm, then RoPE.
            forEachRowChunk(rows: rows, workers: n) { r in
                rmsNorm(xb + r.lowerBound * h, x + r.lowerBound * h, weight: w.inputNorm.data, rows: r.count, width: h, eps: eps)
            }
            project(k, xb, w.kProj, rows: rows)
            project(v, xb, w.vProj, rows: rows)
            // In the last layer only each sequence's last row reaches the score: once every row has
            // its key and value, that row's normed input and residual move to row i of xb and x
            // (i ≤ its row, rows ascending, so nothing is overwritten before it is read), and from
            // here on row i is all that runs.
            let queryRows = lastLayer ? lastRows.count : rows
            if lastLayer {
                for (i, row) in lastRows.enumerated() where row != i {
                    (xb + i * h).update(from: xb + row * h, count: h)
                    (x + i * h).update(from: x + row * h, count: h)
                }
            }
            project(q, xb, w.qProj, rows: queryRows)
            (lastLayer ? s.queryPositions : s.positions).withUnsafeBufferPointer { pos in
                guard let p = pos.baseAddress else { return }
                forEachRowChunk(rows: queryRows, workers: n) { r in
                    let qr = q + r.lowerBound * qw
                    rmsNorm(qr, qr, weight: w.qNorm.data, rows: r.count * shape.heads, width: d, eps: eps)
                    s.rope.apply(qr, rows: r.count, heads: shape.heads, positions: p + r.lowerBound)
                }
            }
            s.positions.withUnsafeBufferPointer { pos in
                guard let p = pos.baseAddress else { return }
                forEachRowChunk(rows: rows, workers: n) { r in
                    let kr = k + r.lowerBound * kvw
                    rmsNorm(kr, kr, weight: w.kNorm.data, rows: r.count * shape.kvHeads, width: d, eps: eps)
                    s.rope.apply(kr, rows: r.count, heads: shape.kvHeads, positions: p + r.lowerBound)
                }
            }
            // The extension's keys/values join the cache.
            (cacheK + cachedBefore * kvw).update(from: k, count: extensionRows * kvw)
            (cacheV + cachedBefore * kvw).update(from: v, count: extensionRows * kvw)
            if lastLayer && lastRows.isEmpty { break }

            let attentionStart = DispatchTime.now().uptimeNanoseconds
            if !lastLayer {
                causalAttentionPacked(out: att, q: q, prefixKeys: prefixTotal > 0 ? UnsafePointer(cacheK) : nil,
                                      prefixValues: prefixTotal > 0 ? UnsafePointer(cacheV) : nil,
                                      keys: k, values: v, shape: shape, plan: plan, workspace: s.workspace)
            } else {
                // Each sequence's last row alone attends (its query is row i of q).
                for (i, seq) in plan.sequences.dropFirst(extensionRows > 0 ? 1 : 0).enumerated() {
                    causalAttention(out: att + i * qw, q: q + i * qw,
                                    prefixKeys: prefixTotal > 0 ? UnsafePointer(cacheK) : nil,
                                    prefixValues: prefixTotal > 0 ? UnsafePointer(cacheV) : nil, prefixLength: prefixTotal,
                                    keys: k + seq.keyRow * kvw, values: v + seq.keyRow * kvw, tokens: seq.rows.count,
                                    queryCount: 1, shape: shape, scratch: s.scores.pointer)
                }
            }
            statistics.attentionSeconds += Double(DispatchTime.now().uptimeNanoseconds - attentionStart) / 1e9

            // o_proj and down_proj add onto the residual stream x inside their GEMMs.
            let active = lastLayer ? lastRows.count : rows
            project(x, att, w.oProj, rows: active, accumulate: true)
            forEachRowChunk(rows: active, workers: n) { r in
                // MLP block: down(silu(gate(x)) · up(x)) on the normed residual.
                rmsNorm(xb + r.lowerBound * h, x + r.lowerBound * h, weight: w.postNorm.data, rows: r.count, width: h, eps: eps)
            }
            project(gate, xb, w.gateProj, rows: active)
            project(up, xb, w.upProj, rows: active)
            forEachRowChunk(rows: active, workers: n) { r in
                swiGLU(gate + r.lowerBound * inter, up: up + r.lowerBound * inter, count: r.count * inter)
            }
            project(x, gate, w.downProj, rows: active, accumulate: true)
        }
    }
}
