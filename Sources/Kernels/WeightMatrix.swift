import Dispatch

// Linear-layer weights kept in memory in bf16 (half the resident size of fp32) and multiplied in
// fp32: before each GEMM the whole [out, in] matrix is widened into a reusable fp32 scratch.
// Widening is exact (bf16 is the upper half of an fp32) and costs one pass over the weights per
// GEMM, about 1% of the GEMM's time at a few hundred rows, and it lets every product run at the
// BLAS's fp32 speed. OpenBLAS 0.3.21 has no bf16 GEMM to call instead.

/// A [rows, cols] row-major weight matrix, in fp32 or in bf16. Memory owned elsewhere.
public struct WeightMatrix: @unchecked Sendable {
    public enum Storage {
        case f32(UnsafePointer<Float>)
        case bf16(UnsafePointer<UInt16>)
    }
    public let storage: Storage
    public let rows: Int
    public let cols: Int

    public init(_ storage: Storage, rows: Int, cols: Int) {
        self.storage = storage; self.rows = rows; self.cols = cols
    }

    /// Bytes the stored values take.
    public var byteCount: Int {
        switch storage {
        case .f32: return rows * cols * 4
        case .bf16: return rows * cols * 2
        }
    }

    /// The fp32 values, widened into `scratch` when stored as bf16. The pointer stays valid until
    /// `scratch` is next used.
    @inline(__always)
    public func floats(using scratch: ScratchBuffer) -> UnsafePointer<Float> {
        switch storage {
        case .f32(let p): return p
        case .bf16(let p):
            let dst = scratch.reserve(rows * cols)
            widenBF16(p, dst, count: rows * cols)
            return UnsafePointer(dst)
        }
    }

    /// Row r as fp32 into out[0..<cols].
    public func copyRow(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        switch storage {
        case .f32(let p): out.update(from: p + r * cols, count: cols)
        case .bf16(let p): convertBF16ToFloat(p + r * cols, out, count: cols)
        }
    }
}

/// Elements per task when widening in parallel: large enough that a task outweighs its dispatch.
let widenChunk = 1 << 18

/// dst[i] = Float(bf16 bits src[i]) for `count` values, split over the cores for large counts.
public func widenBF16(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
    let chunks = (count + widenChunk - 1) / widenChunk
    if chunks <= 1 {
        widenBF16Serial(src, dst, count: count)
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let start = c * widenChunk
        widenBF16Serial(src + start, dst + start, count: min(widenChunk, count - start))
    }
}

/// The widening loop, written over 16-lane vectors so it compiles to a few wide instructions.
@inline(__always)
func widenBF16Serial(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    let raw = UnsafeMutableRawPointer(dst)
    let srcRaw = UnsafeRawPointer(src)
    while i + 16 <= count {
        let h = srcRaw.loadUnaligned(fromByteOffset: i * 2, as: SIMD16<UInt16>.self)
        let w = SIMD16<UInt32>(truncatingIfNeeded: h) &<< 16
        raw.storeBytes(of: w, toByteOffset: i * 4, as: SIMD16<UInt32>.self)
        i += 16
    }
    while i < count {
        dst[i] = Float(bitPattern: UInt32(src[i]) << 16)
        i += 1
    }
}

/// y[rows, out] = x[rows, in] · wᵀ (or y += x · wᵀ with `accumulate`) for a weight w of [out, in]
/// in either storage; bf16 weights are widened into `scratch` first.
@inline(__always)
public func linear(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: WeightMatrix,
    rows: Int, scratch: ScratchBuffer, accumulate: Bool = false
) {
    if rows == 0 { return }
    linear(y, x, w.floats(using: scratch), rows: rows, inFeatures: w.cols, outFeatures: w.rows, accumulate: accumulate)
}
