// LayerNorm as in torch.nn.LayerNorm (BERT's post-LN): y = (x − mean) · rsqrt(var + eps) · weight + bias,
// with the biased variance, in fp32.

/// Normalizes each of `rows` rows of `width` floats. x, y: [rows, width] row-major (y may be x);
/// weight, bias: [width].
public func layerNorm(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    rows: Int, width: Int, eps: Float
) {
    let n = Float(width)
    for r in 0..<rows {
        let xr = x + r * width, yr = y + r * width
        var sum: Float = 0
        for j in 0..<width { sum += xr[j] }
        let mean = sum / n
        var squares: Float = 0
        for j in 0..<width {
            let d = xr[j] - mean
            squares += d * d
        }
        let scale = 1 / (squares / n + eps).squareRoot()
        for j in 0..<width { yr[j] = (xr[j] - mean) * scale * weight[j] + bias[j] }
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
