/// The padding SHA-1 and SHA-2 append to a message (FIPS 180-4 §5.1.1): 0x80, zeros up to 56 mod 64,
/// then the message length in bits as a big-endian 64-bit number.
func messagePadding(messageBytes: UInt64) -> [UInt8] {
    let used = Int(messageBytes % 64)
    let zeros = used < 56 ? 55 - used : 119 - used
    var pad: [UInt8] = [0x80] + [UInt8](repeating: 0, count: zeros)
    let bits = messageBytes &* 8
    for i in (0..<8).reversed() { pad.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
    return pad
}

/// Big-endian hex of 32-bit state words, 8 digits each.
func hexString(words: [UInt32]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(words.count * 8)
    for w in words {
        for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((w >> UInt32(shift)) & 15)]) }
    }
    return String(decoding: out, as: UTF8.self)
}
