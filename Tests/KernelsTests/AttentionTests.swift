import XCTest
@testable import Kernels

final class AttentionTests: XCTestCase {
    /// Runs the fast kernel on dense arrays.
    private func fast(q: [Float], pk: [Float], pv: [Float], prefix: Int, k: [Float], v: [Float],
                      tokens: Int, shape: AttentionShape, kernel: ArithmeticDescription.Kernel = .sgemm) -> [Float] {
        var out = [Float](repeating: .nan, count: tokens * shape.queryWidth)
        let count = attentionScratchCount(tokens: tokens, prefixLength: prefix, shape: shape, kernel: kernel)
        let scratch = ScratchBuffer(capacity: count)
        scratch.pointer.update(repeating: .nan, count: count)
        pk.withUnsafeBufferPointer { pkp in
            pv.withUnsafeBufferPointer { pvp in
                causalAttention(out: &out, q: q, prefixKeys: prefix > 0 ? pkp.baseAddress : nil,
                                prefixValues: prefix > 0 ? pvp.baseAddress : nil, prefixLength: prefix,
                                keys: k, values: v, tokens: tokens, shape: shape, scratch: scratch.pointer, kernel: kernel)
            }
        }
        return out
    }

    /// Lengths whose keys span several tiles of the online softmax, with prefixes that end inside a
    /// tile; 2 query heads per key/value head as in the 0.6B shape, narrower heads (d = 32) so the
    /// Double reference stays quick.
    private let tiledCases = [(0, 600), (300, 260), (257, 1), (513, 40), (40, 300)]
    private let tiledShape = AttentionShape(heads: 4, kvHeads: 2, headDim: 32)

    func testKeyTiledKernelMatchesReferenceAcrossTiles() {
        var rng = TestRandom(seed: 17)
        let shape = tiledShape
        var worst: Float = 0
        for (prefix, tokens) in tiledCases {
            let q = rng.floats(tokens * shape.queryWidth, scale: 0.5)
            let pk = rng.floats(max(prefix, 1) * shape.kvWidth, scale: 0.5), pv = rng.floats(max(prefix, 1) * shape.kvWidth)
            let k = rng.floats(tokens * shape.kvWidth, scale: 0.5), v = rng.floats(tokens * shape.kvWidth)
            let got = fast(q: q, pk: pk, pv: pv, prefix: prefix, k: k, v: v, tokens: tokens, shape: shape)
            let expected = causalAttentionReference(q: q, prefixKeys: pk, prefixValues: pv, prefixLength: prefix,
                                                    keys: k, values: v, tokens: tokens, shape: shape)
            worst = max(worst, maxAbsDifference(got, expected))
            assertClose(got, expected, tolerance: 1e-5, "tiled fp32 attention, prefix \(prefix), tokens \(tokens)")
        }
        XCTAssertGreaterThan(worst, 0, "the fast kernel is not the reference itself")
    }

    /// bf16 products (q, k, v and p rounded to bf16, fp32 accumulation): each route this CPU runs
    /// against the reference with the same rounding, and the AVX512-BF16 route against the emulated one.
    /// They differ by summation order and by p being rounded before (kernels) or after (reference)
    /// its normalization: a bf16 ulp (2^-8 relative) of single probabilities at most.
    func testBF16RoutesMatchTheBF16Reference() throws {
        var rng = TestRandom(seed: 19)
        let shape = tiledShape
        for (prefix, tokens) in tiledCases {
            let q = rng.floats(tokens * shape.queryWidth, scale: 0.5)
            let pk = rng.floats(max(prefix, 1) * shape.kvWidth, scale: 0.5), pv = rng.floats(max(prefix, 1) * shape.kvWidth)
            let k = rng.floats(tokens * shape.kvWidth, scale: 0.5), v = rng.floats(tokens * shape.kvWidth)
            let reference = causalAttentionReference(q: q, prefixKeys: pk, prefixValues: pv, prefixLength: prefix,
                                                     keys: k, values: v, tokens: tokens, shape: shape, bf16: true)
            let fp32 = causalAttentionReference(q: q, prefixKeys: pk, prefixValues: pv, prefixLength: prefix,
                                                keys: k, values: v, tokens: tokens, shape: shape)
            XCTAssertGreaterThan(maxAbsDifference(reference, fp32), 1e-4, "bf16 rounding changes the reference")
            let emulated = fast(q: q, pk: pk, pv: pv, prefix: prefix, k: k, v: v, tokens: tokens, shape: shape,
                                kernel: .emulatedBF16)
            assertClose(emulated, reference, tolerance: 4e-3, "emulated bf16 attention, prefix \(prefix), tokens \(tokens)")
            guard BF16Kernels.available else { continue }
            let avx = fast(q: q, pk: pk, pv: pv, prefix: prefix, k: k, v: v, tokens: tokens, shape: shape,
                           kernel: .avx512bf16)
            assertClose(avx, reference, tolerance: 4e-3, "AVX512-BF16 attention, prefix \(prefix), tokens \(tokens)")
            assertClose(avx, emulated, tolerance: 4e-3, "AVX512-BF16 vs emulated bf16 attention, prefix \(prefix)")
        }
        if !BF16Kernels.available {
            throw XCTSkip("this CPU lacks AVX512-BF16: only the emulated bf16 route was compared")
        }
    }

    func testMatchesReferenceWithAndWithoutPrefix() {
        var rng = TestRandom(seed: 7)
        // (heads, kvHeads, headDim, prefix, tokens): MHA, GQA 2:1 and 4:1, blocks over 128 rows.
        for (heads, kvHeads, d, prefix, tokens) in [(2, 2, 8, 0, 5), (4, 2, 16, 0, 9), (4, 1, 8, 6, 7),
                                                     (6, 2, 16, 13, 1), (2, 1, 8, 40, 300)] {
            let shape = AttentionShape(heads: heads, kvHeads: kvHeads, headDim: d)
            let q = rng.floats(tokens * shape.queryWidth, scale: 2)
            let pk = rng.floats(max(prefix, 1) * shape.kvWidth, scale: 2)
            let pv = rng.floats(max(prefix, 1) * shape.kvWidth)
            let k = rng.floats(tokens * shape.kvWidth, scale: 2), v = rng.floats(tokens * shape.kvWidth)
            let got = fast(q: q, pk: pk, pv: pv, prefix: prefix, k: k, v: v, tokens: tokens, shape: shape)
            let expected = causalAttentionReference(q: q, prefixKeys: pk, prefixValues: pv, prefixLength: prefix,
                                                    keys: k, values: v, tokens: tokens, shape: shape)
            assertClose(got, expected, tolerance: 1e-5, "attention h\(heads)/kv\(kvHeads) d\(d) prefix \(prefix) tokens \(tokens)")
        }
    }

    func testSplittingAtAnyPointEqualsOnePass() {
        // Attending with the first p tokens as a prefix gives the same rows as one full pass.
        var rng = TestRandom(seed: 8)
        let shape = AttentionShape(heads: 4, kvHeads: 2, headDim: 8)
        let n = 12, p = 5
        let q = rng.floats(n * shape.queryWidth), k = rng.floats(n * shape.kvWidth), v = rng.floats(n * shape.kvWidth)
        let whole = fast(q: q, pk: [0], pv: [0], prefix: 0, k: k, v: v, tokens: n, shape: shape)
        let tail = fast(q: Array(q[(p * shape.queryWidth)...]), pk: Array(k[..<(p * shape.kvWidth)]),
                        pv: Array(v[..<(p * shape.kvWidth)]), prefix: p,
                        k: Array(k[(p * shape.kvWidth)...]), v: Array(v[(p * shape.kvWidth)...]),
                        tokens: n - p, shape: shape)
        assertClose(tail, Array(whole[(p * shape.queryWidth)...]), tolerance: 1e-6, "prefix split")

        // Only the last two queries: the same rows as the full pass.
        var lastTwo = [Float](repeating: .nan, count: 2 * shape.queryWidth)
        var scratch = [Float](repeating: .nan, count: attentionScratchCount(tokens: n, prefixLength: 0, shape: shape))
        causalAttention(out: &lastTwo, q: Array(q[((n - 2) * shape.queryWidth)...]), prefixKeys: nil, prefixValues: nil,
                        prefixLength: 0, keys: k, values: v, tokens: n, queryCount: 2, shape: shape, scratch: &scratch)
        assertClose(lastTwo, Array(whole[((n - 2) * shape.queryWidth)...]), tolerance: 1e-6, "last queries only")
    }
}
