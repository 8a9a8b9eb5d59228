import Kernels

/// The forward pass of one whole sequence written with the plain reference kernels (arrays,
/// Double accumulation), one step per line of modeling_qwen3.py. Slow; tests check the engine's
/// batched, prefix-sharing pass against it.
func referenceLogit(weights: Qwen3Weights, tokens: [Int32], classifier: [Float]) -> Double {
    let c = weights.config
    let n = tokens.count, h = c.hiddenSize, d = c.headDimension, eps = Float(c.rmsNormEps)
    let shape = c.attentionShape
    func array(_ m: Matrix) -> [Float] { Array(UnsafeBufferPointer(start: m.data, count: m.rows * m.cols)) }
    func array(_ w: WeightMatrix) -> [Float] {
        var out = [Float](repeating: 0, count: w.rows * w.cols)
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for r in 0..<w.rows { w.copyRow(r, into: base + r * w.cols) }
        }
        return out
    }
    func proj(_ x: [Float], _ w: WeightMatrix) -> [Float] { matmulNTReference(x, array(w), m: n, n: w.rows, k: w.cols) }
    let positions = Array(0..<n)

    var x = [Float](repeating: 0, count: n * h)        // [n, hidden]
    var row = [Float](repeating: 0, count: h)
    for (i, id) in tokens.enumerated() {
        weights.embedding.copyRow(Int(id), into: &row)
        x.replaceSubrange((i * h)..<((i + 1) * h), with: row)
    }
    for w in weights.layers {
        let xn = rmsNormReference(x, weight: array(w.inputNorm), rows: n, width: h, eps: eps)
        var q = rmsNormReference(proj(xn, w.qProj), weight: array(w.qNorm), rows: n * shape.heads, width: d, eps: eps)
        var k = rmsNormReference(proj(xn, w.kProj), weight: array(w.kNorm), rows: n * shape.kvHeads, width: d, eps: eps)
        let v = proj(xn, w.vProj)
        q = ropeReference(q, rows: n, heads: shape.heads, headDim: d, positions: positions, theta: c.theta)
        k = ropeReference(k, rows: n, heads: shape.kvHeads, headDim: d, positions: positions, theta: c.theta)
        let att = causalAttentionReference(q: q, prefixKeys: [], prefixValues: [], prefixLength: 0,
                                           keys: k, values: v, tokens: n, shape: shape)
        x = zip(x, proj(att, w.oProj)).map { $0 + $1 }
        let xm = rmsNormReference(x, weight: array(w.postNorm), rows: n, width: h, eps: eps)
        let act = swiGLUReference(gate: proj(xm, w.gateProj), up: proj(xm, w.upProj))
        x = zip(x, proj(act, w.downProj)).map { $0 + $1 }
    }
    let last = rmsNormReference(Array(x[((n - 1) * h)...]), weight: array(weights.finalNorm), rows: 1, width: h, eps: eps)
    return zip(last, classifier).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}
