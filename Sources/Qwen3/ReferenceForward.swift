import Kernels

/// The forward pass of one whole sequence written with the plain reference kernels (arrays,
/// Double accumulation), one step per line of modeling_qwen3.py. Slow; tests check the engine's
/// batched, prefix-sharing pass against it. In bf16 precision each product's inputs are rounded to
/// bf16 first (what the bf16 kernels multiply: the linear layers' and attention's, whose
/// probabilities are rounded too), everything else stays as in fp32.
func referenceLogit(weights: Qwen3Weights, tokens: [Int32], classifier: [Float], precision: Precision = .fp32) -> Double {
    let c = weights.config
    let n = tokens.count, h = c.hiddenSize, d = c.headDimension, eps = Float(c.rmsNormEps)
    let shape = c.attentionShape
    func array(_ v: UnsafePointer<Float>, _ count: Int) -> [Float] { Array(UnsafeBufferPointer(start: v, count: count)) }
    func rounded(_ v: [Float]) -> [Float] {
        precision == .bf16 ? v.map { Float(bitPattern: UInt32(bf16Bits($0)) << 16) } : v
    }
    func proj(_ x: [Float], _ w: Matrix) -> [Float] {
        matmulNTReference(rounded(x), rounded(w.floatArray()), m: n, n: w.rows, k: w.cols)
    }
    let positions = Array(0..<n)

    var x = [Float](repeating: 0, count: n * h)        // [n, hidden]
    var row = [Float](repeating: 0, count: h)
    for (i, id) in tokens.enumerated() {
        weights.embedding.copyRow(Int(id), into: &row)
        x.replaceSubrange((i * h)..<((i + 1) * h), with: row)
    }
    for w in weights.layers {
        let xn = rmsNormReference(x, weight: array(w.inputNorm, h), rows: n, width: h, eps: eps)
        var q = rmsNormReference(proj(xn, w.qProj), weight: array(w.qNorm, d), rows: n * shape.heads, width: d, eps: eps)
        var k = rmsNormReference(proj(xn, w.kProj), weight: array(w.kNorm, d), rows: n * shape.kvHeads, width: d, eps: eps)
        let v = proj(xn, w.vProj)
        q = ropeReference(q, rows: n, heads: shape.heads, headDim: d, positions: positions, theta: c.theta)
        k = ropeReference(k, rows: n, heads: shape.kvHeads, headDim: d, positions: positions, theta: c.theta)
        let att = causalAttentionReference(q: q, prefixKeys: [], prefixValues: [], prefixLength: 0,
                                           keys: k, values: v, tokens: n, shape: shape, bf16: precision == .bf16)
        x = zip(x, proj(att, w.oProj)).map { $0 + $1 }
        let xm = rmsNormReference(x, weight: array(w.postNorm, h), rows: n, width: h, eps: eps)
        let act = swiGLUReference(gate: proj(xm, w.gateProj), up: proj(xm, w.upProj))
        x = zip(x, proj(act, w.downProj)).map { $0 + $1 }
    }
    let last = rmsNormReference(Array(x[((n - 1) * h)...]), weight: array(weights.finalNorm, h), rows: 1, width: h, eps: eps)
    return zip(last, classifier).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}
