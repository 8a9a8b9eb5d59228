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

    func testLayerNormOverWorkersMatchesOneWorker() {
        var seed: UInt64 = 4
        let rows = 300, width = 384
        let x = random(rows * width, seed: &seed, scale: 5), w = random(width, seed: &seed), b = random(width, seed: &seed)
        var one = [Float](repeating: 0, count: rows * width), two = one
        layerNorm(&one, x, weight: w, bias: b, rows: rows, width: width, eps: 1e-12)
        two.withUnsafeMutableBufferPointer { y in
            layerNorm(y.baseAddress!, x, weight: w, bias: b, rows: rows, width: width, eps: 1e-12, workers: 2)
        }
        XCTAssertEqual(one, two)
        let want = layerNormReference(x, weight: w, bias: b, rows: rows, width: width, eps: 1e-12)
        XCTAssertLessThan(zip(one, want).map { abs($0 - $1) }.max() ?? 1, 1e-5)
    }

    func testGELUMatchesReference() {
        var x: [Float] = [-12, -6, -3, -1, -0.5, 0, 0.25, 1, 2.5, 8, 12, 100]
        let want = geluReference(x)
        gelu(&x, count: x.count)
        XCTAssertLessThan(zip(x, want).map { abs($0 - $1) }.max() ?? 1, 1e-6)
    }

    /// fastErf is PyTorch's erf formula (A&S 7.1.26, ≤ 1.5e-7 in exact arithmetic): checked against libm's erf on a fine grid.
    func testFastErfAgainstLibm() {
        var worst = 0.0
        for i in -20_000...20_000 {
            let x = Float(i) / 2_000
            worst = max(worst, abs(Double(fastErf(x)) - erf(Double(x))))
        }
        print("fastErf vs erf on [-10, 10]: max |Δ| = \(worst)")
        XCTAssertLessThan(worst, 6e-7)   // A&S 1.5e-7 plus float rounding of the steps
        XCTAssertEqual(fastErf(0), 0, accuracy: 3e-7)
        XCTAssertEqual(fastErf(-30), -1)
        XCTAssertTrue(fastErf(.nan).isNaN)
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

    /// Packed sequences of different lengths, q/k/v as slices of one fused [rows, 3·width] buffer,
    /// one and two workers, head sizes 32 and 64 (the kernel's fixed-size paths) and 8 (its general
    /// one): each sequence equals the reference on that sequence alone.
    func testPackedFullAttentionMatchesReferencePerSequence() {
        var seed: UInt64 = 5
        for (heads, d) in [(3, 8), (2, 32), (2, 64)] {
            let width = heads * d
            let lengths = [1, 7, 20, 3, 64, 2]
            let rows = lengths.reduce(0, +)
            let fused = random(rows * 3 * width, seed: &seed, scale: 2)
            var sequences: [Range<Int>] = []
            var start = 0
            for n in lengths { sequences.append(start..<(start + n)); start += n }
            for workers in [1, 2] {
                var out = [Float](repeating: .nan, count: rows * width)
                fused.withUnsafeBufferPointer { f in
                    let base = f.baseAddress!
                    fullAttentionPacked(out: &out, ldOutput: width, q: base, k: base + width, v: base + 2 * width, ldInput: 3 * width,
                                        sequences: sequences, heads: heads, headDim: d, workers: workers, workspace: FullAttentionWorkspace())
                }
                var worst: Float = 0
                for range in sequences {
                    func slice(_ offset: Int) -> [Float] { range.flatMap { r in fused[(r * 3 * width + offset)..<(r * 3 * width + offset + width)] } }
                    let want = fullAttentionReference(q: slice(0), k: slice(width), v: slice(2 * width), tokens: range.count, heads: heads, headDim: d)
                    let got = Array(out[(range.lowerBound * width)..<(range.upperBound * width)])
                    worst = max(worst, zip(got, want).map { abs($0 - $1) }.max() ?? 1)
                }
                XCTAssertLessThan(worst, 1e-5, "head size \(d), \(workers) worker(s)")
            }
        }
    }

    func testSequencesAreBalancedLongestFirst() {
        let plan = balanceSequences([0..<10, 10..<11, 11..<41, 41..<61], workers: 2)
        XCTAssertEqual(plan, [[2], [3, 0, 1]])
        XCTAssertEqual(balanceSequences([0..<5], workers: 4), [[0]])
    }
}
