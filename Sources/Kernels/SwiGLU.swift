#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// The gated MLP activation of Qwen3 (transformers: down(act_fn(gate(x)) * up(x)), act_fn = SiLU).

/// gate[i] = silu(gate[i]) · up[i] for `count` floats, in place in `gate`. silu(x) = x · sigmoid(x).
public func swiGLU(_ gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
    for i in 0..<count {
        let g = gate[i]
        gate[i] = g / (1 + expf(-g)) * up[i]
    }
}

/// Reference for `swiGLU`, in Double.
public func swiGLUReference(gate: [Float], up: [Float]) -> [Float] {
    zip(gate, up).map { g, u in Float(siluReference(Double(g)) * Double(u)) }
}

/// silu(x) = x · sigmoid(x).
public func siluReference(_ x: Double) -> Double { x / (1 + exp(-x)) }
