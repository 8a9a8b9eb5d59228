// LayerNorm as in torch.nn.LayerNorm (BERT's post-LN): y = (x − mean) · rsqrt(var + eps) · weight + bias,
// with the biased variance, in fp32.

/// Normalizes each of `rows` rows of `width` floats. x, y: [rows, width] row-major (y may be x);
/// weight, bias: [width]. The sums run in 16 lanes (SIMD16), so they vectorize; a plain loop's
/// single accumulator cannot be reordered by the compiler and waits on each add.
public func layerNorm(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    rows: Int, width: Int, eps: Float
) {
    let n = Float(width)
    let lanes = width / 16 * 16
    for r in 0..<rows {
        let xr = x + r * width, yr = y + r * width
        var sums = SIMD16<Float>()
        for j in stride(from: 0, to: lanes, by: 16) { sums += load16(xr + j) }
        var sum = sums.sum()
        for j in lanes..<width { sum += xr[j] }
        let mean = sum / n
        var squares16 = SIMD16<Float>()
        for j in stride(from: 0, to: lanes, by: 16) {
            let d = load16(xr + j) - mean
            squares16 += d * d
        }
        var squares = squares16.sum()
        for j in lanes..<width {
            let d = xr[j] - mean
            squares += d * d
        }
        let scale = 1 / (squares / n + eps).squareRoot()
        for j in 0..<width { yr[j] = (xr[j] - mean) * scale * weight[j] + bias[j] }
    }
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

@inline(__always)
private func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
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
