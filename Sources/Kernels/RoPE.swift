#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Rotary position embedding, rotate-half form (transformers' apply_rotary_pos_emb):
//   out = x · cos + rotate_half(x) · sin,  rotate_half([x1, x2]) = [-x2, x1],
// with frequency i (of headDim/2) equal to theta^(-2i/headDim), shared by both halves.

/// cos/sin of every (position, frequency) pair, filled the way transformers computes them in fp32:
/// inv_freq = 1 / theta^(2i/d) rounded to Float, angle = Float(position) · inv_freq rounded to
/// Float, then cos/sin of that angle. Grown when a longer sequence arrives, never per token.
public final class RoPETable {
    public let headDim: Int
    public let theta: Double
    /// [headDim / 2]
    public let inverseFrequencies: [Float]
    /// [positions, headDim / 2] row-major.
    private let cosines = ScratchBuffer()
    private let sines = ScratchBuffer()
    public private(set) var positions = 0

    public init(headDim: Int, theta: Double) {
        self.headDim = headDim
        self.theta = theta
        let half = headDim / 2
        inverseFrequencies = (0..<half).map { i in
            let exponent = Float(2 * i) / Float(headDim)
            return 1 / Float(pow(theta, Double(exponent)))
        }
    }

    /// Makes the table cover positions 0..<count.
    public func reserve(positions count: Int) {
        if count <= positions { return }
        let half = headDim / 2
        let newCount = max(count, positions * 2, 64)
        let c = cosines.reserve(newCount * half)
        let s = sines.reserve(newCount * half)
        for p in 0..<newCount {
            for i in 0..<half {
                let angle = Float(p) * inverseFrequencies[i]
                c[p * half + i] = Float(cos(Double(angle)))
                s[p * half + i] = Float(sin(Double(angle)))
            }
        }
        positions = newCount
    }

    /// Rotates x in place. x: [rows, heads, headDim] row-major; positions: [rows], each < `self.positions`
    /// (call `reserve(positions:)` first).
    public func apply(_ x: UnsafeMutablePointer<Float>, rows: Int, heads: Int, positions rowPositions: UnsafePointer<Int32>) {
        let half = headDim / 2
        for r in 0..<rows {
            let c = cosines.pointer + Int(rowPositions[r]) * half
            let s = sines.pointer + Int(rowPositions[r]) * half
            for h in 0..<heads {
                let v = x + (r * heads + h) * headDim
                for i in 0..<half {
                    let x1 = v[i], x2 = v[i + half]
                    v[i] = x1 * c[i] - x2 * s[i]
                    v[i + half] = x2 * c[i] + x1 * s[i]
                }
            }
        }
    }
}

/// Reference for `RoPETable.apply`: angles computed in Double straight from theta.
/// x: [rows, heads, headDim], positions: [rows].
public func ropeReference(_ x: [Float], rows: Int, heads: Int, headDim: Int, positions: [Int], theta: Double) -> [Float] {
    var y = x
    let half = headDim / 2
    for r in 0..<rows {
        for h in 0..<heads {
            let base = (r * heads + h) * headDim
            for i in 0..<half {
                let angle = Double(positions[r]) * pow(theta, -Double(2 * i) / Double(headDim))
                let x1 = Double(x[base + i]), x2 = Double(x[base + i + half])
                y[base + i] = Float(x1 * cos(angle) - x2 * sin(angle))
                y[base + i + half] = Float(x2 * cos(angle) + x1 * sin(angle))
            }
        }
    }
    return y
}
