import Kernels

/// A Qwen3 decoder that turns token sequences into the reranker logit yes − no at their last
/// token (transformers' modeling_qwen3.py, fp32). Config, weights and run state are kept apart.
///
/// Candidates of one query share the prompt's beginning, so a request runs in two steps:
/// `setPrefix` computes the keys/values of the shared tokens once, then `logits(of:)` runs every
/// candidate's remaining tokens, stacked so each linear layer is one GEMM over all of them, each
/// attending to the cached prefix and causally to its own tokens. Not thread-safe: one pass at a time.
final class Qwen3Model {
    let config: Qwen3Config
    let weights: Qwen3Weights
    let state: Qwen3RunState
    /// [hidden] w[yes] − w[no] of the output matrix.
    let classifier: [Float]

    init(weights: Qwen3Weights, yes: Int, no: Int) {
        config = weights.config
        self.weights = weights
        state = Qwen3RunState(config: weights.config)
        classifier = weights.classifierRow(yes: yes, no: no)
    }

    /// Computes and caches the keys/values of `tokens` at positions 0..<tokens.count.
    func setPrefix(_ tokens: ArraySlice<Int32>) {
        state.prefixLength = 0
        if tokens.isEmpty { return }
        state.reserve(rows: tokens.count, longest: tokens.count, prefix: 0)
        state.reservePrefix(tokens.count)
        embed(tokens, at: 0)
        state.positions.removeAll(keepingCapacity: true)
        for p in 0..<tokens.count { state.positions.append(Int32(p)) }
        runLayers(rows: tokens.count, sequences: [0..<tokens.count], fillingPrefix: true)
        state.prefixLength = tokens.count
    }

    /// logit_yes − logit_no at the last token of each sequence; each continues the cached prefix
    /// (positions start at the prefix length). Every sequence must be non-empty.
    func logits(of sequences: [ArraySlice<Int32>]) -> [Double] {
        let prefix = state.prefixLength
        let rows = sequences.reduce(0) { $0 + $1.count }
        let longest = sequences.map(\.count).max() ?? 0
        state.reserve(rows: rows, longest: longest, prefix: prefix)
        var ranges: [Range<Int>] = []
        state.positions.removeAll(keepingCapacity: true)
        var start = 0
        for seq in sequences {
            embed(seq, at: start)
            for j in 0..<seq.count { state.positions.append(Int32(prefix + j)) }
            ranges.append(start..<(start + seq.count))
            start += seq.count
        }
        runLayers(rows: rows, sequences: ranges, fillingPrefix: false)
        // Final norm and the yes − no row, at each sequence's last row only (row i of x after
        // the last layer).
        let h = config.hiddenSize
        return ranges.indices.map { i in
            rmsNorm(state.last.pointer, state.x.pointer + i * h, weight: weights.finalNorm.data,
                    rows: 1, width: h, eps: Float(config.rmsNormEps))
            return Double(dot(state.last.pointer, classifier, count: h))
        }
    }

    /// x[start + i] = embedding row of tokens[i]. Ids are checked against the vocabulary by the caller.
    private func embed(_ tokens: ArraySlice<Int32>, at start: Int) {
        let h = config.hiddenSize
        for (i, id) in tokens.enumerated() {
            weights.embedding.copyRow(Int(id), into: state.x.pointer + (start + i) * h)
        }
    }

    /// The decoder layers over `rows` stacked rows of the residual stream in state.x.
    /// fillingPrefix: the rows are one sequence at positions 0..<rows whose keys/values go to the
    /// prefix cache; the last layer stops once they are written (its outputs are never read).
    /// Otherwise the last layer leaves sequence i's last hidden state in row i of state.x.
    private func runLayers(rows: Int, sequences: [Range<Int>], fillingPrefix: Bool) {
        let c = config, s = state
        let h = c.hiddenSize, qw = c.queryWidth, kvw = c.kvWidth, inter = c.intermediateSize
        let d = c.headDimension, eps = Float(c.rmsNormEps)
        let shape = AttentionShape(heads: c.numAttentionHeads, kvHeads: c.numKeyValueHeads, headDim: d)
        let prefix = fillingPrefix ? 0 : s.prefixLength
        let x = s.x.pointer, xb = s.xb.pointer, q = s.q.pointer, att = s.attention.pointer
        let gate = s.gate.pointer, up = s.up.pointer
        for (l, w) in weights.layers.enumerated() {
            let k = fillingPrefix ? s.prefixKeys[l].pointer : s.k.pointer      // [rows, kvw]
            let v = fillingPrefix ? s.prefixValues[l].pointer : s.v.pointer    // [rows, kvw]

            // Attention block: normed input, projections, per-head q/k RMSNorm, then RoPE.
            rmsNorm(xb, x, weight: w.inputNorm.data, rows: rows, width: h, eps: eps)
            linear(q, xb, w.qProj.data, rows: rows, inFeatures: h, outFeatures: qw)
            linear(k, xb, w.kProj.data, rows: rows, inFeatures: h, outFeatures: kvw)
            linear(v, xb, w.vProj.data, rows: rows, inFeatures: h, outFeatures: kvw)
            rmsNorm(q, q, weight: w.qNorm.data, rows: rows * shape.heads, width: d, eps: eps)
            rmsNorm(k, k, weight: w.kNorm.data, rows: rows * shape.kvHeads, width: d, eps: eps)
            s.positions.withUnsafeBufferPointer { pos in
                guard let p = pos.baseAddress else { return }
                s.rope.apply(q, rows: rows, heads: shape.heads, positions: p)
                s.rope.apply(k, rows: rows, heads: shape.kvHeads, positions: p)
            }
            if fillingPrefix && l == weights.layers.count - 1 { break }

            // Each sequence attends to the cached prefix and causally to its own rows. In the last
            // layer only each sequence's last row reaches the score: it alone attends, and its
            // residual row moves to row i of x, so the rest of the layer runs on those rows only.
            let lastRowsOnly = l == weights.layers.count - 1
            for (i, seq) in sequences.enumerated() {
                let r = seq.lowerBound, lastRow = seq.upperBound - 1
                let queryRow = lastRowsOnly ? lastRow : r
                causalAttention(out: att + (lastRowsOnly ? i : r) * qw, q: q + queryRow * qw,
                                prefixKeys: prefix > 0 ? s.prefixKeys[l].pointer : nil,
                                prefixValues: prefix > 0 ? s.prefixValues[l].pointer : nil, prefixLength: prefix,
                                keys: k + r * kvw, values: v + r * kvw, tokens: seq.count,
                                queryCount: lastRowsOnly ? 1 : seq.count, shape: shape, scratch: s.scores.pointer)
                if lastRowsOnly && lastRow != i {
                    (x + i * h).update(from: x + lastRow * h, count: h)   // i < lastRow: whole rows apart
                }
            }
            let active = lastRowsOnly ? sequences.count : rows
            linear(xb, att, w.oProj.data, rows: active, inFeatures: qw, outFeatures: h)
            addInPlace(x, xb, count: active * h)

            // MLP block: down(silu(gate(x)) · up(x)) on the normed residual.
            rmsNorm(xb, x, weight: w.postNorm.data, rows: active, width: h, eps: eps)
            linear(gate, xb, w.gateProj.data, rows: active, inFeatures: h, outFeatures: inter)
            linear(up, xb, w.upProj.data, rows: active, inFeatures: h, outFeatures: inter)
            swiGLU(gate, up: up, count: active * inter)
            linear(xb, gate, w.downProj.data, rows: active, inFeatures: inter, outFeatures: h)
            addInPlace(x, xb, count: active * h)
        }
    }
}
