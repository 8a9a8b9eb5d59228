import XCTest
@testable import Kernels

final class AttentionTests: XCTestCase {
    /// One attention call on dense arrays: an fp32 prefix (or, with `bf16Cache`, the same prefix
    /// written into a bf16 `KeyValueCache`, as a bf16 model holds it), by `route` (this CPU's choice
    /// for `kernel` unless given), only the last `queries` tokens querying.
    private func fast(q: [Float], pk: [Float], pv: [Float], prefix: Int, k: [Float], v: [Float],
                      tokens: Int, queries: Int? = nil, shape: AttentionShape,
                      kernel: ArithmeticDescription.Kernel = .sgemm, route: AttentionRoute? = nil,
                      bf16Cache: Bool = false) -> [Float] {
        let queryCount = queries ?? tokens
        var out = [Float](repeating: .nan, count: queryCount * shape.queryWidth)
        let route = route ?? AttentionRoute(kernel: kernel, headDim: shape.headDim)
        let count = attentionScratchCount(tokens: tokens, prefixLength: prefix, shape: shape, kernel: kernel, route: route)
        let scratch = ScratchBuffer(capacity: count)
        scratch.pointer.update(repeating: .nan, count: count)
        let cache = KeyValueCache(width: shape.kvWidth, bf16: true)
        cache.reserve(max(prefix, 1), keeping: 0)
        pk.withUnsafeBufferPointer { pkp in
            pv.withUnsafeBufferPointer { pvp in
                var segments: [KeySegment] = []
                if prefix > 0 && bf16Cache {
                    cache.write(keys: pkp.baseAddress!, values: pvp.baseAddress!, rows: prefix, at: 0)
                    segments = [KeySegment(cache.rows, length: prefix)]
                } else if prefix > 0 {
                    segments = [KeySegment(.fp32(keys: pkp.baseAddress!, values: pvp.baseAddress!), length: prefix)]
                }
                let qs = Array(q[((tokens - queryCount) * shape.queryWidth)...])
                causalAttention(out: &out, q: qs, segments: segments, keys: k, values: v, tokens: tokens,
                                queryCount: queryCount, shape: shape, scratch: scratch.pointer, kvHeads: nil,
                                kernel: kernel, route: route)
            }
        }
        return out
    }

    /// Lengths whose keys span several tiles of both kernels (64 fused, 256 tiled), prefixes that end
    /// inside a tile, blocks of 48 stacked rows that end ragged; d = 32 keeps the Double reference quick.
    private let tiledCases = [(0, 600), (300, 260), (257, 1), (513, 40), (40, 300), (0, 1), (63, 65)]
    private let tiledShape = AttentionShape(heads: 4, kvHeads: 2, headDim: 32)

    private struct Case {
        let shape: AttentionShape, prefix: Int, tokens: Int, queries: Int
        let q: [Float], pk: [Float], pv: [Float], k: [Float], v: [Float]
        init(_ shape: AttentionShape, prefix: Int, tokens: Int, queries: Int, rng: inout TestRandom) {
            self.shape = shape; self.prefix = prefix; self.tokens = tokens; self.queries = queries
            q = rng.floats(tokens * shape.queryWidth, scale: 0.5)
            pk = rng.floats(max(prefix, 1) * shape.kvWidth, scale: 0.5); pv = rng.floats(max(prefix, 1) * shape.kvWidth)
            k = rng.floats(tokens * shape.kvWidth, scale: 0.5); v = rng.floats(tokens * shape.kvWidth)
        }
        func reference(bf16: Bool = false) -> [Float] {
            let all = causalAttentionReference(q: q, prefixKeys: pk, prefixValues: pv, prefixLength: prefix,
                                               keys: k, values: v, tokens: tokens, shape: shape, bf16: bf16)
            return Array(all[((tokens - queries) * shape.queryWidth)...])
        }
        var name: String {
            "heads \(shape.heads)/\(shape.kvHeads) d \(shape.headDim), prefix \(prefix), tokens \(tokens), queries \(queries)"
        }
    }

    /// GQA groups 1, 2 and 4, ragged tiles and blocks, with and without a prefix, all or some queries.
    private func fusedCases() -> [Case] {
        var rng = TestRandom(seed: 23)
        var cases: [Case] = []
        for (heads, kvHeads) in [(2, 2), (4, 2), (8, 2)] {
            let shape = AttentionShape(heads: heads, kvHeads: kvHeads, headDim: 32)
            for (prefix, tokens, queries) in [(0, 130, 130), (70, 97, 97), (129, 50, 3), (0, 200, 1), (5, 1, 1), (64, 64, 64)] {
                cases.append(Case(shape, prefix: prefix, tokens: tokens, queries: queries, rng: &rng))
            }
        }
        cases.append(Case(AttentionShape(heads: 16, kvHeads: 8, headDim: 128), prefix: 90, tokens: 150, queries: 150, rng: &rng))
        return cases
    }

    func testKeyTiledKernelMatchesReferenceAcrossTiles() {
        var rng = TestRandom(seed: 17)
        let shape = tiledShape
        var worst: Float = 0
        for (prefix, tokens) in tiledCases {
            let c = Case(shape, prefix: prefix, tokens: tokens, queries: tokens, rng: &rng)
            let got = fast(q: c.q, pk: c.pk, pv: c.pv, prefix: prefix, k: c.k, v: c.v, tokens: tokens, shape: shape,
                           route: .tiledSgemm)
            let expected = c.reference()
            worst = max(worst, maxAbsDifference(got, expected))
            assertClose(got, expected, tolerance: 1e-5, "tiled fp32 attention, prefix \(prefix), tokens \(tokens)")
        }
        XCTAssertGreaterThan(worst, 0, "the fast kernel is not the reference itself")
    }

    /// The fused kernel (Sources/CAttention) in fp32, portable and AVX-512, against the Double reference.
    func testFusedKernelMatchesReferenceInFP32() throws {
        var worst: [AttentionRoute: Float] = [:]
        for c in fusedCases() {
            let expected = c.reference()
            var routes: [AttentionRoute] = [.fusedPortable]
            if AttentionKernels.avx512 { routes.append(.fusedAVX512) }
            for route in routes {
                let got = fast(q: c.q, pk: c.pk, pv: c.pv, prefix: c.prefix, k: c.k, v: c.v, tokens: c.tokens,
                               queries: c.queries, shape: c.shape, route: route)
                worst[route] = max(worst[route] ?? 0, maxAbsDifference(got, expected))
                assertClose(got, expected, tolerance: 1e-5, "fused fp32 \(route), \(c.name)")
            }
        }
        print("fused fp32 attention vs the Double reference: max |Δ| " +
              worst.sorted { "\($0.key)" < "\($1.key)" }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if !AttentionKernels.avx512 { throw XCTSkip("this CPU lacks AVX-512: only the portable fused kernel was compared") }
    }

    /// bf16 products (q, k, v and p rounded to bf16, fp32 accumulation): the portable and AVX512-BF16
    /// builds against the reference with the same rounding, with the prefix rounded per call or held
    /// in a bf16 cache (the same numbers), and against each other. The kernels round p per key tile
    /// before normalizing, the reference after: a bf16 ulp (2^-8 relative) of single probabilities at most.
    func testBF16RoutesMatchTheBF16Reference() throws {
        var worstReference: Float = 0, worstBetween: Float = 0
        for c in fusedCases() {
            let reference = c.reference(bf16: true)
            XCTAssertGreaterThan(maxAbsDifference(reference, c.reference()), 1e-5, "bf16 rounding changes the reference")
            let portable = fast(q: c.q, pk: c.pk, pv: c.pv, prefix: c.prefix, k: c.k, v: c.v, tokens: c.tokens,
                                queries: c.queries, shape: c.shape, kernel: .emulatedBF16)
            let cached = fast(q: c.q, pk: c.pk, pv: c.pv, prefix: c.prefix, k: c.k, v: c.v, tokens: c.tokens,
                              queries: c.queries, shape: c.shape, kernel: .emulatedBF16, bf16Cache: true)
            XCTAssertEqual(portable, cached, "a bf16 cache holds the per-call rounding's numbers, \(c.name)")
            assertClose(portable, reference, tolerance: 4e-3, "portable bf16 attention, \(c.name)")
            worstReference = max(worstReference, maxAbsDifference(portable, reference))
            guard BF16Kernels.available else { continue }
            let avx = fast(q: c.q, pk: c.pk, pv: c.pv, prefix: c.prefix, k: c.k, v: c.v, tokens: c.tokens,
                           queries: c.queries, shape: c.shape, kernel: .avx512bf16, bf16Cache: true)
            assertClose(avx, reference, tolerance: 4e-3, "AVX512-BF16 attention, \(c.name)")
            // Summation order alone, except where a p lands on the other side of a bf16 rounding boundary.
            assertClose(avx, portable, tolerance: 1e-4, "AVX512-BF16 vs portable bf16 attention, \(c.name)")
            worstBetween = max(worstBetween, maxAbsDifference(avx, portable))
        }
        print("bf16 attention: portable vs the bf16 reference max |Δ| \(worstReference); AVX512-BF16 vs portable \(worstBetween)")
        if !BF16Kernels.available {
            throw XCTSkip("this CPU lacks AVX512-BF16: only the portable bf16 kernel was compared")
        }
    }

    /// Keys as several segments give what one segment of all of them gives (in bf16, split at a key
    /// tile's edge: p is rounded per tile, after the tile's maximum joins the running one).
    func testSegmentsEqualOneRunOfTheirKeys() {
        var rng = TestRandom(seed: 29)
        let shape = AttentionShape(heads: 4, kvHeads: 2, headDim: 16)
        let c = Case(shape, prefix: 150, tokens: 40, queries: 40, rng: &rng)
        let w = shape.kvWidth
        for (kernel, split) in [(ArithmeticDescription.Kernel.sgemm, 67), (.emulatedBF16, 64)] {
            let whole = fast(q: c.q, pk: c.pk, pv: c.pv, prefix: c.prefix, k: c.k, v: c.v, tokens: c.tokens,
                             shape: shape, kernel: kernel)
            var out = [Float](repeating: .nan, count: c.tokens * shape.queryWidth)
            var scratch = [Float](repeating: .nan, count: attentionScratchCount(tokens: c.tokens, prefixLength: c.prefix,
                                                                               shape: shape, kernel: kernel))
            let tailKeys = Array(c.pk[(split * w)...]), tailValues = Array(c.pv[(split * w)...])
            c.pk.withUnsafeBufferPointer { pk in
                c.pv.withUnsafeBufferPointer { pv in
                    tailKeys.withUnsafeBufferPointer { tk in
                        tailValues.withUnsafeBufferPointer { tv in
                            let segments = [KeySegment(.fp32(keys: pk.baseAddress!, values: pv.baseAddress!), length: split),
                                            KeySegment(.fp32(keys: tk.baseAddress!, values: tv.baseAddress!),
                                                       length: c.prefix - split)]
                            causalAttention(out: &out, q: c.q, segments: segments, keys: c.k, values: c.v, tokens: c.tokens,
                                            shape: shape, scratch: &scratch, kernel: kernel)
                        }
                    }
                }
            }
            assertClose(out, whole, tolerance: 1e-6, "\(kernel): two segments vs one")
        }
    }

    func testMatchesReferenceWithAndWithoutPrefix() {
        var rng = TestRandom(seed: 7)
        // (heads, kvHeads, headDim, prefix, tokens): MHA, GQA 2:1 and 4:1, blocks over 128 rows; d = 12
        // takes the tiled route (the fused vector loops want multiples of 8).
        for (heads, kvHeads, d, prefix, tokens) in [(2, 2, 8, 0, 5), (4, 2, 16, 0, 9), (4, 1, 8, 6, 7),
                                                     (6, 2, 16, 13, 1), (2, 1, 8, 40, 300), (4, 2, 12, 20, 30)] {
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
