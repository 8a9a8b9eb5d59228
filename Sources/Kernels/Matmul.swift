import COpenBLAS

// Matrix products over OpenBLAS. Every matrix is row-major with an explicit leading dimension
// (the distance in floats between the starts of two rows), so a head's slice of a [tokens, heads·d]
// buffer can be passed without copying. Follows ggml-blas: weights stay [out, in] and the product
// is NoTrans × Trans.

/// c[m, n] = alpha · a[m, k] · b[n, k]ᵀ + beta · c.   a: lda ≥ k, b: ldb ≥ k, c: ldc ≥ n.
@inline(__always)
public func matmulNT(
    _ c: UnsafeMutablePointer<Float>, ldc: Int,
    _ a: UnsafePointer<Float>, lda: Int,
    _ b: UnsafePointer<Float>, ldb: Int,
    m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
) {
    if m == 0 || n == 0 { return }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// c[m, n] = alpha · a[m, k] · b[k, n] + beta · c.   a: lda ≥ k, b: ldb ≥ n, c: ldc ≥ n.
@inline(__always)
public func matmulNN(
    _ c: UnsafeMutablePointer<Float>, ldc: Int,
    _ a: UnsafePointer<Float>, lda: Int,
    _ b: UnsafePointer<Float>, ldb: Int,
    m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
) {
    if m == 0 || n == 0 { return }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// A linear layer without bias: y[rows, out] = x[rows, in] · w[out, in]ᵀ (PyTorch's nn.Linear layout).
/// With `accumulate`, y += x · wᵀ instead (a residual add inside the GEMM: no pass that zeroes y,
/// none that adds it afterwards).
@inline(__always)
public func linear(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
    rows: Int, inFeatures: Int, outFeatures: Int, accumulate: Bool = false
) {
    matmulNT(y, ldc: outFeatures, x, lda: inFeatures, w, ldb: inFeatures,
             m: rows, n: outFeatures, k: inFeatures, beta: accumulate ? 1 : 0)
}

/// Sets how many threads OpenBLAS uses from now on (process-wide).
public func setBLASThreads(_ count: Int) {
    openblas_set_num_threads(Int32(max(count, 1)))
}

/// The number of threads OpenBLAS uses.
public var blasThreads: Int { Int(openblas_get_num_threads()) }

// MARK: - Plain references

/// Reference for `matmulNT`: triple loop with Double accumulation, dense row-major arrays.
/// a: [m, k], b: [n, k] → [m, n].
public func matmulNTReference(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k { s += Double(a[i * k + p]) * Double(b[j * k + p]) }
            c[i * n + j] = Float(s)
        }
    }
    return c
}

/// Reference for `matmulNN`: a: [m, k], b: [k, n] → [m, n].
public func matmulNNReference(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k { s += Double(a[i * k + p]) * Double(b[p * n + j]) }
            c[i * n + j] = Float(s)
        }
    }
    return c
}
