#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// The gated MLP activation of Qwen3 (transformers: down(act_fn(gate(x)) * up(x)), act_fn = SiLU).

/// gate[i] = silu(gate[i]) · up[i] for `count` floats, in place in `gate`. silu(x) = x · sigmoid(x),
/// with the vectorizable `clampedExp`.
public func swiGLU(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
    for i in 0..<count {
        let g = gate[i]
        gate[i] = g / (1 + clampedExp(-g)) * up[i]
    }
}

/// Reference for `swiGLU`, in Double.
public func swiGLUReference(gate: [Float], up: [Float]) -> [Float] {
    zip(gate, up).map { g, u in Float(siluReference(Double(g)) * Double(u)) }
}

/// silu(x) = x · sigmoid(x).
public func siluReference(_ x: Double) -> Double { x / (1 + exp(-x)) }

/// Σ a[i]·b[i] for `count` floats, accumulated in fp32 like a BLAS dot.
public func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
    var i = 0
    while i + 4 <= count {
        s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
        i += 4
    }
    while i < count { s0 += a[i] * b[i]; i += 1 }
    return (s0 + s1) + (s2 + s3)
}
