#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// GELU in its exact form (transformers' "gelu", torch.nn.functional.gelu without approximation):
// gelu(x) = x · ½ · (1 + erf(x / √2)).

/// In place over `count` floats.
public func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
    let invSqrt2: Float = 0.70710678118654752
    for i in 0..<count { x[i] = 0.5 * x[i] * (1 + erff(x[i] * invSqrt2)) }
}

/// Reference for `gelu`, in Double.
public func geluReference(_ x: [Float]) -> [Float] {
    x.map { Float(0.5 * Double($0) * (1 + erf(Double($0) / 2.0.squareRoot()))) }
}
