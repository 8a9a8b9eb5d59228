import CBF16

// Conversions from the dtypes checkpoints are stored in (bf16, f16) to fp32.

/// dst[i] = Float(bf16 bits src[i]). bf16 is the upper half of an fp32, so this is exact.
public func convertBF16ToFloat(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { dst[i] = Float(bitPattern: UInt32(src[i]) << 16) }
}

/// dst[i] = Float(f16 bits src[i]), exact (every IEEE half is an fp32).
public func convertF16ToFloat(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { dst[i] = halfToFloat(src[i]) }
}

/// One IEEE 754 binary16 to fp32, written out so it does not depend on Float16 support.
@inline(__always)
public func halfToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h & 0x8000) << 16
    let exponent = Int((h >> 10) & 0x1f)
    let mantissa = UInt32(h & 0x3ff)
    if exponent == 0 {
        // Zero or subnormal: mantissa · 2^-24.
        let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
        return sign == 0 ? magnitude : -magnitude
    }
    if exponent == 31 {
        return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
    }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
}

/// dst[i] = the bf16 bits of src[i], rounded to nearest even (cbf16_round: what the bf16 kernels
/// do to activations), for weights rounded once at load.
public func roundToBF16(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<UInt16>, count: Int) {
    cbf16_round(src, dst, count)
}
