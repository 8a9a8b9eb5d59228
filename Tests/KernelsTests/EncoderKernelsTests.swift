import XCTest
@testable import Kernels

/// LayerNorm, GELU (erf), biased linear layers and bidirectional attention against their plain
/// references.
final class EncoderKernelsTests: XCTestCase {
    private func random(_ n: Int, seed: inout UInt64, scale: Float = 1) -> [Float] {
        (0..<n).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (Float(seed >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
    }

    func testLayerNormMatchesReference() {
        var seed: UInt64 = 1
        let rows = 5, width = 37
        let x = random(rows * width, seed: &seed, scale: 3), w = random(width, seed: &seed), b = random(width, seed: &seed)
        var y = [Float](repeating: 0, count: rows * width)
        layerNorm(&y, x, weight: w, bias: b, rows: rows, width: width, eps: 1e-12)
        let want = layerNormReference(x, weight: w, bias: b, rows: rows, width: width, eps: 1e-12)
        XCTAssertLessThan(zip(y, want).map { abs($0 - $1) }.max() ?? 1, 1e-5)
    }

    func testGELUMatchesReference() {
        var x: [Float] = [-6, -3, -1, -0.5, 0, 0.25, 1, 2.5, 8]
        let want = geluReference(x)
        gelu(&x, count: x.count)
        XCTAssertLessThan(zip(x, want).map { abs($0 - $1) }.max() ?? 1, 1e-6)
    }

    func testBiasedLinear() {
        var seed: UInt64 = 2
        let x = random(3 * 4, seed: &seed), w = random(5 * 4, seed: &seed), b = random(5, seed: &seed)
        var y = [Float](repeating: 9, count: 15)
        linear(&y, x, w, bias: b, rows: 3, inFeatures: 4, outFeatures: 5)
        let product = matmulNTReference(x, w, m: 3, n: 5, k: 4)
        for r in 0..<3 { for j in 0..<5 { XCTAssertEqual(y[r * 5 + j], product[r * 5 + j] + b[j], accuracy: 1e-5) } }
    }

    func testFullAttentionMatchesReference() {
        var seed: UInt64 = 3
        let tokens = 7, heads = 3, d = 8, width = heads * d
        let q = random(tokens * width, seed: &seed), k = random(tokens * width, seed: &seed), v = random(tokens * width, seed: &seed)
        var out = [Float](repeating: 0, count: tokens * width)
        var scratch = [Float](repeating: 0, count: fullAttentionScratchCount(tokens: tokens))
        fullAttention(out: &out, q: q, k: k, v: v, ld: width, tokens: tokens, heads: heads, headDim: d, scratch: &scratch)
        let want = fullAttentionReference(q: q, k: k, v: v, tokens: tokens, heads: heads, headDim: d)
        let diff = zip(out, want).map { abs($0 - $1) }.max() ?? 1
        XCTAssertLessThan(diff, 1e-5)
    }
}
