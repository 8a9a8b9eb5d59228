import Dispatch

// The one matrix type of the engine: a [rows, cols] row-major matrix left in the dtype it is stored
// in (fp32, bf16 or f16), in memory owned elsewhere (usually the checkpoint's file mapping). Linear
// layers, norm weights and the vocabulary-sized embedding table are all this type.
//
// In fp32 precision a bf16 weight is widened into a reusable fp32 scratch before each GEMM: exact
// (bf16 is the upper half of an fp32), one pass over the weights per GEMM, about 1% of the GEMM's
// time at a few hundred rows. In bf16 precision bf16 weights are read in place (see LinearKernel).

/// A [rows, cols] row-major matrix in its stored dtype. Memory owned elsewhere.
public struct Matrix: @unchecked Sendable {
    public enum Storage {
        case f32(UnsafePointer<Float>)
        case bf16(UnsafePointer<UInt16>)
        case f16(UnsafePointer<UInt16>)
    }
    public let storage: Storage
    public let rows: Int
    public let cols: Int

    public init(_ storage: Storage, rows: Int, cols: Int) {
        self.storage = storage; self.rows = rows; self.cols = cols
    }

    /// Where the stored values start.
    public var baseAddress: UnsafeRawPointer {
        switch storage {
        case .f32(let p): return UnsafeRawPointer(p)
        case .bf16(let p), .f16(let p): return UnsafeRawPointer(p)
        }
    }

    /// Bytes the stored values take.
    public var byteCount: Int {
        switch storage {
        case .f32: return rows * cols * 4
        case .bf16, .f16: return rows * cols * 2
        }
    }

    /// The fp32 values, widened into `scratch` unless stored as fp32. The pointer stays valid until
    /// `scratch` is next used.
    @inline(__always)
    public func floats(using scratch: ScratchBuffer) -> UnsafePointer<Float> {
        switch storage {
        case .f32(let p): return p
        case .bf16(let p):
            let dst = scratch.reserve(rows * cols)
            widenBF16(p, dst, count: rows * cols)
            return UnsafePointer(dst)
        case .f16(let p):
            let dst = scratch.reserve(rows * cols)
            convertF16ToFloat(p, dst, count: rows * cols)
            return UnsafePointer(dst)
        }
    }

    /// Row r as fp32 into out[0..<cols]. r must be in 0..<rows.
    public func copyRow(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        switch storage {
        case .f32(let p): out.update(from: p + r * cols, count: cols)
        case .bf16(let p): convertBF16ToFloat(p + r * cols, out, count: cols)
        case .f16(let p): convertF16ToFloat(p + r * cols, out, count: cols)
        }
    }

    /// All values as fp32, row-major (tests and the reference forward pass).
    public func floatArray() -> [Float] {
        var out = [Float](repeating: 0, count: rows * cols)
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for r in 0..<rows { copyRow(r, into: base + r * cols) }
        }
        return out
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

/// y[rows, out] = x[rows, in] · wᵀ (or y += x · wᵀ with `accumulate`) in fp32 for a weight w of
/// [out, in] in any storage; weights not stored as fp32 are widened into `scratch` first.
@inline(__always)
public func linear(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: Matrix,
    rows: Int, scratch: ScratchBuffer, accumulate: Bool = false
) {
    if rows == 0 { return }
    linear(y, x, w.floats(using: scratch), rows: rows, inFeatures: w.cols, outFeatures: w.rows, accumulate: accumulate)
}
