import XCTest
@testable import Kernels

final class AttentionTests: XCTestCase {
    /// Runs the fast kernel on dense arrays.
    private func fast(q: [Float], pk: [Float], pv: [Float], prefix: Int, k: [Float], v: [Float],
                      tokens: Int, shape: AttentionShape) -> [Float] {
        var out = [Float](repeating: .nan, count: tokens * shape.queryWidth)
        var scratch = [Float](repeating: .nan, count: attentionScratchCount(tokens: tokens, prefixLength: prefix, shape: shape))
        pk.withUnsafeBufferPointer { pkp in
            pv.withUnsafeBufferPointer { pvp in
                causalAttention(out: &out, q: q, prefixKeys: prefix > 0 ? pkp.baseAddress : nil,
                                prefixValues: prefix > 0 ? pvp.baseAddress : nil, prefixLength: prefix,
                                keys: k, values: v, tokens: tokens, shape: shape, scratch: &scratch)
            }
        }
        return out
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
