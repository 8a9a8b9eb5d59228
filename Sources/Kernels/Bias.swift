// Linear layers with a bias (BERT's nn.Linear): the bias is written into every output row, then
// the product is accumulated onto it inside the GEMM (beta = 1), so no separate pass adds it.

/// y[rows, out] = x[rows, in] · w[out, in]ᵀ + bias[out].
@inline(__always)
public func linear(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    rows: Int, inFeatures: Int, outFeatures: Int
) {
    for r in 0..<rows { (y + r * outFeatures).update(from: bias, count: outFeatures) }
    linear(y, x, w, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, accumulate: true)
}
