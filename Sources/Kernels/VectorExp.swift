// e^x for softmax and SiLU without a call per element: glibc's expf is a scalar call, made once per
// attention score and once per MLP activation. Cephes' expf method: x = n·ln2 + r with |r| ≤ ln2/2
// (ln2 split in two parts so r is exact), e^r by a degree-6 polynomial, 2^n by building the
// exponent bits. Rounding and the integer n use the 1.5·2^23 trick (adding it rounds to an integer
// and leaves that integer in the low mantissa bits). Written as branch-free scalar code with no
// calls, so LLVM's loop vectorizer turns the loops below into SIMD code for whatever vector width
// the build targets. Inputs are clamped to [−87.3, 88]: below, the result is ~1.2e-38 instead of
// 0; above, e^88 instead of more — harmless where it is used (softmax inputs are ≤ 0 and
// normalized by a sum ≥ 1; SiLU divides by 1 + e^x). Relative error below 1e-7 inside the range.

/// e^x with x clamped to [−87.3, 88] (see above).
@inline(__always)
public func clampedExp(_ x: Float) -> Float {
    var v = x < -87.33654 ? -87.33654 : x
    v = v > 88 ? 88 : v
    let t = v * 1.442_695_04 + 12_582_912   // 1.5 · 2^23: rounds v/ln2 to an integer n
    let n = t - 12_582_912
    v = v - n * 0.693_359_375
    v = v + n * 2.121_944_4e-4
    var p: Float = 1.987_569_1e-4
    p = p * v + 1.398_199_9e-3
    p = p * v + 8.333_452e-3
    p = p * v + 4.166_579_6e-2
    p = p * v + 1.666_666_5e-1
    p = p * v + 5.000_000_1e-1
    let e = p * (v * v) + v + 1
    // 2^n: n + 127 in [1, 254] goes to the exponent field.
    let scale = Float(bitPattern: (t.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
    return e * scale
}

/// x[i] = e^(x[i] − shift) for `count` floats; returns their sum.
@inline(__always)
public func expShiftedInPlace(_ x: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
    for i in 0..<count { x[i] = clampedExp(x[i] - shift) }
    var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
    var i = 0
    while i + 4 <= count { s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]; i += 4 }
    while i < count { s0 += x[i]; i += 1 }
    return (s0 + s1) + (s2 + s3)
}
