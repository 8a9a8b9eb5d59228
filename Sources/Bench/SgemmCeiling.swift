import Dispatch
import Kernels

/// What plain GEMM achieves, in this process and with the threads the engine uses, at the shapes of
/// a model's linear layers: the ceiling the engine's linear layers are measured against. fp32 sgemm
/// for the fp32 engine, the bf16 kernels for the bf16 one.
public struct SgemmCeiling: Sendable {
    public struct Shape: Sendable {
        public var rows: Int, out: Int, inp: Int
        /// Best of the repeats.
        public var seconds: Double
        public var gflops: Double { 2 * Double(rows * out * inp) / seconds / 1e9 }
    }
    public var shapes: [Shape]

    /// FLOP-weighted: one of each linear layer, at the measured speed of each.
    public var gflops: Double {
        let flop = shapes.reduce(0.0) { $0 + 2 * Double($1.rows * $1.out * $1.inp) }
        let seconds = shapes.reduce(0.0) { $0 + $1.seconds }
        return seconds > 0 ? flop / seconds / 1e9 : 0
    }

    /// Several samples of the same shapes as one: each shape's mean time. Sampling between the
    /// queries of a run measures the ceiling under the same load (a shared machine varies).
    public static func mean(_ samples: [SgemmCeiling]) -> SgemmCeiling {
        guard let first = samples.first else { return SgemmCeiling(shapes: []) }
        var shapes = first.shapes
        for i in shapes.indices {
            shapes[i].seconds = samples.reduce(0.0) { $0 + $1.shapes[i].seconds } / Double(samples.count)
        }
        return SgemmCeiling(shapes: shapes)
    }

    /// Times c[rows, out] = a[rows, in] · w[out, in]ᵀ for each distinct (out, in), best of `repeats`
    /// after one warm-up call: in fp32 by sgemm on fp32 weights (matmulNT, as the engine's linear
    /// layers call it), in bf16 by the same kernel object type the engine uses, on bf16 weights.
    public static func measure(linearShapes: [(out: Int, in: Int)], rows: Int, repeats: Int = 3,
                               kernel: LinearKernel? = nil) -> SgemmCeiling {
        var distinct: [(out: Int, in: Int)] = []
        for s in linearShapes where !distinct.contains(where: { $0 == s }) { distinct.append(s) }
        let maxA = distinct.map { rows * $0.in }.max() ?? 0
        let maxW = distinct.map { $0.out * $0.in }.max() ?? 0
        let maxC = distinct.map { rows * $0.out }.max() ?? 0
        let a = ScratchBuffer(capacity: maxA), w = ScratchBuffer(capacity: maxW), c = ScratchBuffer(capacity: maxC)
        for i in 0..<maxA { a.pointer[i] = Float(i % 13) * 0.01 - 0.06 }
        for i in 0..<maxW { w.pointer[i] = Float(i % 7) * 0.01 - 0.03 }
        var timed: [Shape] = []
        for s in distinct {
            var best = Double.infinity
            for r in 0...max(repeats, 1) {
                let start = monotonicSeconds()
                if let kernel, kernel.precision == .bf16 {
                    kernel.apply(c.pointer, a.pointer, Matrix(.bf16(UnsafePointer(w.halves)), rows: s.out, cols: s.in),
                                 rows: rows, workers: max(blasThreads, 1))
                } else {
                    linear(c.pointer, a.pointer, w.pointer, rows: rows, inFeatures: s.in, outFeatures: s.out)
                }
                let t = monotonicSeconds() - start
                if r > 0 { best = min(best, t) }
            }
            timed.append(Shape(rows: rows, out: s.out, inp: s.in, seconds: best))
        }
        // Weight each distinct shape by how often it occurs in the layer.
        var shapes: [Shape] = []
        for s in linearShapes {
            if let t = timed.first(where: { $0.out == s.out && $0.inp == s.in }) { shapes.append(t) }
        }
        return SgemmCeiling(shapes: shapes)
    }
}

/// Seconds on the monotonic clock.
public func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
