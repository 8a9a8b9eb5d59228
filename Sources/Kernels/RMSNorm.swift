// RMSNorm as in transformers' Qwen3RMSNorm: y = x · rsqrt(mean(x²) + eps) · weight, in fp32.

/// Normalizes each of `rows` rows of `width` floats. x, y: [rows, width] row-major (y may be x);
/// weight: [width]. Also used per head for Qwen3's q/k norm (rows = tokens·heads, width = headDim).
public func rmsNorm(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
    rows: Int, width: Int, eps: Float
) {
    for r in 0..<rows {
        let xr = x + r * width
        let yr = y + r * width
        // Four partial sums let the compiler vectorize without reassociating a single chain.
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var i = 0
        while i + 4 <= width {
            s0 += xr[i] * xr[i]; s1 += xr[i + 1] * xr[i + 1]
            s2 += xr[i + 2] * xr[i + 2]; s3 += xr[i + 3] * xr[i + 3]
            i += 4
        }
        while i < width { s0 += xr[i] * xr[i]; i += 1 }
        let scale = 1 / (((s0 + s1) + (s2 + s3)) / Float(width) + eps).squareRoot()
        for j in 0..<width { yr[j] = xr[j] * scale * weight[j] }
    }
}

/// Reference for `rmsNorm`, in Double. x: [rows, width], weight: [width].
public func rmsNormReference(_ x: [Float], weight: [Float], rows: Int, width: Int, eps: Float) -> [Float] {
    var y = [Float](repeating: 0, count: rows * width)
    for r in 0..<rows {
        var s = 0.0
        for j in 0..<width { s += Double(x[r * width + j]) * Double(x[r * width + j]) }
        let scale = 1 / (s / Double(width) + Double(eps)).squareRoot()
        for j in 0..<width { y[r * width + j] = Float(Double(x[r * width + j]) * scale * Double(weight[j])) }
    }
    return y
}
