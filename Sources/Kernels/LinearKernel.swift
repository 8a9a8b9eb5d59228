import CBF16
import Dispatch

/// The linear layers of a model in one precision: y = x · wᵀ (or y += x · wᵀ) for weights w of
/// [out, in] in their stored dtype, with the scratch the chosen kernels need. fp32 is today's
/// sgemm path, unchanged. bf16 rounds the activations to bf16 (nearest even) and multiplies with
/// fp32 accumulation: on AVX512-BF16 CPUs by vdpbf16ps on the weights in place (bf16 checkpoints;
/// fp32/f16 ones are rounded into a scratch per product), elsewhere by sgemm on the widened values.
/// Not thread-safe: one product at a time (each product uses the cores itself).
public final class LinearKernel {
    public let description: ArithmeticDescription
    public var precision: Precision { description.resolved }
    /// fp32 weights widened (fp32 route), or bf16-rounded values widened back (emulated route).
    private let weightScratch = ScratchBuffer()
    /// The activations rounded to bf16, [rows, even(in)].
    private let activationScratch = ScratchBuffer()
    /// Weights not stored as bf16, rounded to bf16 (AVX512-BF16 route).
    private let roundedWeightScratch = ScratchBuffer()
    /// One panel of CBF16_PANEL_COLS weight rows per worker (AVX512-BF16 route).
    private var panels: [ScratchBuffer] = []

    /// `setting` resolved for a CPU with or without AVX512-BF16 (this one unless a test says otherwise).
    public init(setting: PrecisionSetting, hasAVX512BF16: Bool = BF16Kernels.available) {
        description = ArithmeticDescription(resolving: setting, hasAVX512BF16: hasAVX512BF16)
    }

    /// Extra memory the bf16 route holds beyond activations: the panels, in bytes (the weights
    /// themselves stay where they are).
    public var panelBytes: Int { panels.reduce(0) { $0 + $1.capacity * 4 } }

    /// y[rows, w.rows] = x[rows, w.cols] · wᵀ, or y += with `accumulate`. `workers` cores share the
    /// bf16 kernels' work (sgemm uses OpenBLAS's threads).
    public func apply(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: Matrix,
                      rows: Int, workers: Int, accumulate: Bool = false) {
        if rows == 0 || w.rows == 0 { return }
        switch description.kernel {
        case .sgemm:
            linear(y, x, w, rows: rows, scratch: weightScratch, accumulate: accumulate)
        case .emulatedBF16:
            emulated(y, x, w, rows: rows, accumulate: accumulate)
        case .avx512bf16:
            fast(y, x, w, rows: rows, workers: workers, accumulate: accumulate)
        }
    }

    private func emulated(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: Matrix,
                          rows: Int, accumulate: Bool) {
        let k = w.cols
        // Activations rounded to bf16 and widened back.
        let xr = activationScratch.reserve(rows * k)
        roundToBF16Values(x, xr, count: rows * k)
        let weights: UnsafePointer<Float>
        switch w.storage {
        case .bf16: weights = w.floats(using: weightScratch)
        case .f32, .f16:
            let wf = weightScratch.reserve(w.rows * k)
            roundToBF16Values(w.floats(using: roundedWeightScratch), wf, count: w.rows * k)
            weights = UnsafePointer(wf)
        }
        linear(y, UnsafePointer(xr), weights, rows: rows, inFeatures: k, outFeatures: w.rows, accumulate: accumulate)
    }

    private func fast(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: Matrix,
                      rows: Int, workers: Int, accumulate: Bool) {
        let k = w.cols, n = w.rows, lda = (k + 1) & ~1
        let a = activationScratch.reserveHalves(rows * lda)
        forEachRowChunk(rows: rows, workers: workers, minRows: 64) { r in
            cbf16_round_rows(x + r.lowerBound * k, k, a + r.lowerBound * lda, lda, r.count, k)
        }
        let bits: UnsafePointer<UInt16>
        switch w.storage {
        case .bf16(let p): bits = p
        case .f32, .f16:
            let wf = w.floats(using: weightScratch)
            let rounded = roundedWeightScratch.reserveHalves(n * k)
            cbf16_round(wf, rounded, n * k)
            bits = UnsafePointer(rounded)
        }
        bf16MatmulNT(y, ldc: n, UnsafePointer(a), lda: lda, bits, ldw: k, m: rows, n: n, k: k,
                     accumulate: accumulate, workers: workers, panels: &panels)
    }
}

/// dst[i] = src[i] rounded to bf16 (nearest even) and widened back to fp32.
func roundToBF16Values(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { dst[i] = Float(bitPattern: UInt32(bf16Bits(src[i])) << 16) }
}

/// The bf16 bits of x rounded to nearest even (NaN stays a quiet NaN), as cbf16_round does.
@inline(__always)
public func bf16Bits(_ x: Float) -> UInt16 {
    let u = x.bitPattern
    if u & 0x7fff_ffff > 0x7f80_0000 { return UInt16(truncatingIfNeeded: u >> 16) | 0x0040 }
    return UInt16(truncatingIfNeeded: (u &+ 0x7fff &+ ((u >> 16) & 1)) >> 16)
}

/// c[m, n] (=|+=) a[m, k] · w[n, k]ᵀ with bf16 a (leading dimension lda, even) and w, fp32 c, by
/// the AVX512-BF16 kernel, the n columns split in panels of CBF16_PANEL_COLS over `workers` cores. Call only
/// where BF16Kernels.available.
public func bf16MatmulNT(_ c: UnsafeMutablePointer<Float>, ldc: Int, _ a: UnsafePointer<UInt16>, lda: Int,
                         _ w: UnsafePointer<UInt16>, ldw: Int, m: Int, n: Int, k: Int, accumulate: Bool,
                         workers: Int, panels: inout [ScratchBuffer]) {
    let width = Int(CBF16_PANEL_COLS)
    let panelCount = (n + width - 1) / width
    let parts = max(1, min(workers, panelCount))
    let panelFloats = (cbf16_panel_bytes(k) + 3) / 4
    while panels.count < parts { panels.append(ScratchBuffer()) }
    for p in panels.prefix(parts) { p.reserve(panelFloats) }
    let buffers = panels.prefix(parts).map { $0.halves }
    func part(_ i: Int) {
        let n0 = width * (panelCount * i / parts), n1 = min(n, width * (panelCount * (i + 1) / parts))
        if n0 < n1 {
            cbf16_gemm_nt_avx512(c, ldc, a, lda, w, ldw, m, n0, n1, k, accumulate ? 1 : 0, buffers[i])
        }
    }
    if parts == 1 { part(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: part) }
}

/// The plain bf16 product (any CPU): each product exact in fp32, summed in double.
public func bf16MatmulNTReference(_ a: [UInt16], _ w: [UInt16], m: Int, n: Int, k: Int) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { ap in
        w.withUnsafeBufferPointer { wp in
            c.withUnsafeMutableBufferPointer { cp in
                guard let ab = ap.baseAddress, let wb = wp.baseAddress, let cb = cp.baseAddress else { return }
                cbf16_gemm_nt_reference(cb, n, ab, k, wb, k, m, 0, n, k, 0)
            }
        }
    }
    return c
}
