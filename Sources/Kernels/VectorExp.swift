// exp over 16 lanes at once, for softmax and SiLU: glibc's expf is scalar and these two call it
// once per attention score and once per MLP activation. Cephes' expf method: x = n·ln2 + r with
// |r| ≤ ln2/2 (ln2 split in two parts so r is exact), e^r by a degree-6 polynomial, 2^n by
// building the exponent bits. Relative error about 2 ulp over the whole fp32 range; inputs below
// −87.3 give 0 and above 88.7 give +inf, like expf.

public typealias Float16x = SIMD16<Float>

@inline(__always)
public func vectorExp(_ x: Float16x) -> Float16x {
    let upper = Float16x(repeating: 88.72283), lower = Float16x(repeating: -87.33654)
    let big = x .> upper, small = x .< lower
    var v = x.clamped(lowerBound: lower, upperBound: upper)
    // n = round(x / ln2)
    let n = (v * 1.442_695_04).rounded(.toNearestOrEven)
    v = v - n * 0.693_359_375
    v = v + n * 2.121_944_4e-4
    // e^r ≈ 1 + r + r²·P(r)
    var p = Float16x(repeating: 1.987_569_1e-4)
    p = p * v + 1.398_199_9e-3
    p = p * v + 8.333_452e-3
    p = p * v + 4.166_579_6e-2
    p = p * v + 1.666_666_5e-1
    p = p * v + 5.000_000_1e-1
    let r2 = v * v
    var e = p * r2 + v + 1
    // · 2^n through the exponent field (n in [-126, 128] after the clamp; 128 only at +inf's edge).
    let bits = (SIMD16<Int32>(n) &+ 127) &<< 23
    e = e * Float16x(bitPattern: SIMD16<UInt32>(truncatingIfNeeded: bits.clamped(lowerBound: SIMD16<Int32>(repeating: 0), upperBound: SIMD16<Int32>(repeating: 254 << 23))))
    e.replace(with: .infinity, where: big)
    e.replace(with: 0, where: small)
    return e
}

extension SIMD16 where Scalar == Float {
    @inline(__always)
    init(bitPattern bits: SIMD16<UInt32>) {
        self = unsafeBitCast(bits, to: SIMD16<Float>.self)
    }
}
