import CEncoderKernels

// LayerNorm as in torch.nn.LayerNorm (BERT's post-LN): y = (x − mean) · rsqrt(var + eps) · weight + bias,
// with the biased variance, in fp32.

/// Normalizes each of `rows` rows of `width` floats. x, y: [rows, width] row-major (y may be x);
/// weight, bias: [width]. In C (CEncoderKernels): the sums run in 16 lanes, in the CPU's widest vectors.
public func layerNorm(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    rows: Int, width: Int, eps: Float
) {
    if rows > 0, width > 0 { cenc_layer_norm(y, x, weight, bias, rows, width, eps) }
}

/// Rows of `layerNorm` split over `workers` cores (independent rows; the same result).
public func layerNorm(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    rows: Int, width: Int, eps: Float, workers: Int
) {
    forEachRowChunk(rows: rows, workers: workers, minRows: 64) { r in
        layerNorm(y + r.lowerBound * width, x + r.lowerBound * width, weight: weight, bias: bias,
                  rows: r.count, width: width, eps: eps)
    }
}

/// Reference for `layerNorm`, in Double. x: [rows, width], weight and bias: [width].
public func layerNormReference(_ x: [Float], weight: [Float], bias: [Float], rows: Int, width: Int, eps: Float) -> [Float] {
    var y = [Float](repeating: 0, count: rows * width)
    for r in 0..<rows {
        let row = x[(r * width)..<((r + 1) * width)].map(Double.init)
        let mean = row.reduce(0, +) / Double(width)
        let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
        for j in 0..<width {
            y[r * width + j] = Float((row[j] - mean) / (variance + Double(eps)).squareRoot() * Double(weight[j]) + Double(bias[j]))
        }
    }
    return y
}
