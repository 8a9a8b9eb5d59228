#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// In-place softmax over `count` floats, max-subtracted for stability; 16 lanes at a time with
/// `vectorExp`, the tail with expf.
public func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
    if count == 0 { return }
    let raw = UnsafeMutableRawPointer(x)
    var maxValue = x[0]
    var i = 0
    if count >= 16 {
        var m = Float16x(repeating: x[0])
        while i + 16 <= count {
            m = pointwiseMax(m, raw.loadUnaligned(fromByteOffset: i * 4, as: Float16x.self))
            i += 16
        }
        maxValue = m.max()
    }
    while i < count { maxValue = max(maxValue, x[i]); i += 1 }
    var sums = Float16x()
    var sum: Float = 0
    i = 0
    let shift = Float16x(repeating: maxValue)
    while i + 16 <= count {
        let e = vectorExp(raw.loadUnaligned(fromByteOffset: i * 4, as: Float16x.self) - shift)
        raw.storeBytes(of: e, toByteOffset: i * 4, as: Float16x.self)
        sums += e
        i += 16
    }
    while i < count {
        let e = expf(x[i] - maxValue)
        x[i] = e
        sum += e
        i += 1
    }
    sum += sums.sum()
    let inv = 1 / sum
    for j in 0..<count { x[j] *= inv }
}

/// Reference for `softmax`, in Double.
public func softmaxReference(_ x: [Float]) -> [Float] {
    guard let m = x.max() else { return [] }
    let e = x.map { exp(Double($0) - Double(m)) }
    let s = e.reduce(0, +)
    return e.map { Float($0 / s) }
}
