import CEncoderKernels
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// GELU in its exact form (transformers' "gelu", torch.nn.functional.gelu without approximation):
// gelu(x) = x · ½ · (1 + erf(x / √2)).
//
// erf without a libm call per element: glibc's erff is a scalar call, made once per feed-forward
// activation (1,536 per token and layer in MiniLM), which cost as much as the layer's GEMMs. PyTorch's
// own CPU GELU does not call erff either: its Vectorized<float>::erf (aten/src/ATen/cpu/vec) is
// Abramowitz & Stegun 7.1.26, erf(x) = sign(x)·(1 − t·P(t)·e^(−x²)) with t = 1/(1 + p·|x|),
// absolute error ≤ 1.5e-7. The same formula here, with `clampedExp`, as branch-free scalar code the
// loop vectorizer turns into SIMD, so the native encoder computes what sentence-transformers does.

/// erf(x) by Abramowitz & Stegun 7.1.26 (the Swift statement of cenc_gelu's erf, for tests) (PyTorch's vectorized erf); |error| ≤ 1.5e-7 + float rounding.
@inline(__always)
public func fastErf(_ x: Float) -> Float {
    let a = abs(x)
    let t = 1 / (0.327_591_1 * a + 1)
    var r: Float = 1.061_405_429
    r = r * t - 1.453_152_027
    r = r * t + 1.421_413_741
    r = r * t - 0.284_496_736
    r = r * t + 0.254_829_592
    // e^(−x²) underflows to ~1e-38 for |x| > 9.3 (clampedExp's floor): erf is then ±1 to float precision.
    let y = 1 - r * t * clampedExp(-a * a)
    return x < 0 ? -y : y
}

/// In place over `count` floats: the same formula as `fastErf`, in C (CEncoderKernels), where it
/// runs in the CPU's widest vectors.
public func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
    if count > 0 { cenc_gelu(x, count) }
}

/// Reference for `gelu`, in Double with libm's erf.
public func geluReference(_ x: [Float]) -> [Float] {
    x.map { Float(0.5 * Double($0) * (1 + erf(Double($0) / 2.0.squareRoot()))) }
}
