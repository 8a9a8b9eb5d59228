#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// In-place softmax over `count` floats, max-subtracted for stability, with the vectorizable
/// `clampedExp`.
public func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
    if count == 0 { return }
    var maxValue = x[0]
    for i in 1..<count where x[i] > maxValue { maxValue = x[i] }
    let inv = 1 / expShiftedInPlace(x, count: count, shift: maxValue)
    for i in 0..<count { x[i] *= inv }
}

/// Reference for `softmax`, in Double.
public func softmaxReference(_ x: [Float]) -> [Float] {
    guard let m = x.max() else { return [] }
    let e = x.map { exp(Double($0) - Double(m)) }
    let s = e.reduce(0, +)
    return e.map { Float($0 / s) }
}
