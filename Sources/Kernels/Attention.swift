import CBF16
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Causal grouped-query attention (transformers' eager_attention_forward: softmax(q·kᵀ·d^-½ + causal
// mask) · v, fp32 softmax, each kv head serving heads/kvHeads consecutive query heads).
//
// The keys come in two segments so that candidates of one query can share a computed prompt prefix:
// a prefix of `prefixLength` cached positions that every new token sees in full, then the `tokens`
// new positions themselves, causal among themselves. A plain full-sequence pass is prefixLength = 0.
//
// The kernel walks the keys in tiles with an online softmax (FlashAttention's recurrence): per row a
// running maximum m and sum l; each tile's scores are exponentiated against the new maximum, the
// output so far is scaled by e^(m_old − m_new), and the tile's p·v is added. No row ever holds more
// than one tile of scores, so scores, keys and values of a tile stay in cache, and tiles that the
// causal mask hides entirely are never computed.

/// Head counts and width of one attention layer.
public struct AttentionShape: Sendable, Equatable {
    public var heads: Int
    public var kvHeads: Int
    public var headDim: Int
    public init(heads: Int, kvHeads: Int, headDim: Int) {
        self.heads = heads; self.kvHeads = kvHeads; self.headDim = headDim
    }
    /// Width of a query / output row: heads · headDim.
    public var queryWidth: Int { heads * headDim }
    /// Width of a key / value row: kvHeads · headDim.
    public var kvWidth: Int { kvHeads * headDim }
}

/// Token rows handled per block. The query heads of one key/value head are stacked, so a block's
/// products have group·blockRows rows (128 for the 0.6B shape's 2 heads per key/value head).
public let attentionBlockRows = 64

/// Keys per tile of the online softmax: a tile's scores ([group·blockRows, 256] fp32, 128 KiB for the
/// 0.6B shape), its keys and values stay in a core's L2 while the tile is worked on.
public let attentionKeyTile = 256

/// Where each part of one worker's attention scratch lies, in floats from its start (each part
/// aligned to 64 bytes). The bf16 parts hold 16-bit values, two per float.
struct AttentionScratchLayout {
    /// Stacked rows of a block: group · min(queries, attentionBlockRows).
    let capacity: Int
    /// Keys a block can see at most: prefix + tokens.
    let seen: Int
    let d: Int
    /// bf16 rows are padded to an even length (vdpbf16ps takes pairs).
    var dEven: Int { (d + 1) & ~1 }
    var seenEven: Int { (seen + 1) & ~1 }

    // fp32, every kernel:
    let stackedQ: Int       // [capacity, d] the block's queries, head by head
    let output: Int         // [capacity, d] Σ p·v so far (unnormalized)
    let scores: Int         // [capacity, attentionKeyTile] one tile's scores, then its p
    let rowMax: Int         // [capacity] running maximum m per stacked row
    let rowSum: Int         // [capacity] running Σ e^(s − m) per stacked row
    // bf16 kernels only (0 floats otherwise):
    let queryBF16: Int      // [capacity, dEven] bf16 stacked queries (AVX512-BF16)
    let probBF16: Int       // [capacity, attentionKeyTile] bf16 p of a tile (AVX512-BF16)
    let keysBF16: Int       // AVX512-BF16: [seen, dEven] bf16 keys of the head; emulated: [seen, d] rounded fp32
    let valuesBF16: Int     // AVX512-BF16: [d, seenEven] bf16 values of the head, transposed; emulated: [seen, d] rounded fp32
    let panel: Int          // cbf16_panel_bytes(max(d, tile)) (AVX512-BF16)
    let count: Int

    init(tokens: Int, prefixLength: Int, shape: AttentionShape, kernel: ArithmeticDescription.Kernel) {
        let group = shape.heads / max(shape.kvHeads, 1)
        capacity = min(tokens, attentionBlockRows) * group
        seen = prefixLength + tokens
        d = shape.headDim
        let tile = attentionKeyTile
        var next = 0
        func take(_ floats: Int) -> Int {
            defer { next += (floats + 15) & ~15 }
            return next
        }
        let dEven = (d + 1) & ~1, seenEven = (seen + 1) & ~1
        stackedQ = take(capacity * d)
        output = take(capacity * d)
        scores = take(capacity * tile)
        rowMax = take(capacity)
        rowSum = take(capacity)
        switch kernel {
        case .sgemm:
            queryBF16 = take(0); probBF16 = take(0); keysBF16 = take(0); valuesBF16 = take(0); panel = take(0)
        case .avx512bf16:
            queryBF16 = take((capacity * dEven + 1) / 2)
            probBF16 = take((capacity * tile + 1) / 2)
            keysBF16 = take((seen * dEven + 1) / 2)
            valuesBF16 = take((d * seenEven + 1) / 2)
            panel = take((cbf16_panel_bytes(max(d, tile)) + 3) / 4)
        case .emulatedBF16:
            queryBF16 = take(0); probBF16 = take(0)
            keysBF16 = take(seen * d)
            valuesBF16 = take(seen * d)
            panel = take(0)
        }
        count = next
    }
}

/// Floats of scratch `causalAttention` needs with `kernel`: one block's stacked queries, outputs and
/// one key tile of scores (independent of the length), plus, for bf16, the head's keys and values
/// rounded once per call (proportional to prefixLength + tokens).
public func attentionScratchCount(tokens: Int, prefixLength: Int, shape: AttentionShape,
                                  kernel: ArithmeticDescription.Kernel = .sgemm) -> Int {
    AttentionScratchLayout(tokens: tokens, prefixLength: prefixLength, shape: shape, kernel: kernel).count
}

/// out[i, h·d] = attention of new token t = tokens − queryCount + i (absolute position
/// prefixLength + t) for every head h. All new tokens have keys; only the last `queryCount`
/// have queries (all of them by default; just the last one where only its output is needed).
///   q, out:                     [queryCount, heads·headDim] row-major (q normed and rotated)
///   prefixKeys, prefixValues:   [prefixLength, kvHeads·headDim] (ignored when prefixLength is 0)
///   keys, values:               [tokens, kvHeads·headDim], the new tokens' own (rotated) keys/values
///   scratch:                    attentionScratchCount(tokens:prefixLength:shape:kernel:) floats,
///                               64-byte aligned
///   kvHeads:                    the key/value heads to compute, each with its group of query heads
///                               (all by default); other heads' outputs are left alone
///   kernel:                     the products' arithmetic: fp32 sgemm; or bf16 inputs (q, k, v and
///                               the probabilities rounded to nearest even) with fp32 accumulation,
///                               by vdpbf16ps or emulated by sgemm on the rounded values. The scale,
///                               softmax and normalization are fp32 in all three.
/// Per key/value head and block of token rows, the group's query heads are stacked into one
/// [group·rows, headDim] matrix (grouped-query attention reads the same keys for all of them); the
/// keys the block can see are walked in tiles of `attentionKeyTile` with the online softmax.
public func causalAttention(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>,
    prefixKeys: UnsafePointer<Float>?, prefixValues: UnsafePointer<Float>?, prefixLength: Int,
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, tokens: Int, queryCount: Int? = nil,
    shape: AttentionShape, scratch: UnsafeMutablePointer<Float>, kvHeads: Range<Int>? = nil,
    kernel: ArithmeticDescription.Kernel = .sgemm
) {
    let d = shape.headDim
    let queries = min(queryCount ?? tokens, tokens)
    if queries <= 0 { return }
    let firstQuery = tokens - queries
    let qWidth = shape.queryWidth, kvWidth = shape.kvWidth
    let group = shape.heads / shape.kvHeads
    let scale = 1 / Float(d).squareRoot()
    let prefix = (prefixKeys != nil && prefixValues != nil) ? prefixLength : 0
    let layout = AttentionScratchLayout(tokens: queries, prefixLength: prefix + firstQuery, shape: shape, kernel: kernel)
    let tile = attentionKeyTile
    let stackedQ = scratch + layout.stackedQ, acc = scratch + layout.output, scores = scratch + layout.scores
    let rowMax = scratch + layout.rowMax, rowSum = scratch + layout.rowSum
    let halves = UnsafeMutableRawPointer(scratch).bindMemory(to: UInt16.self, capacity: 2 * layout.count)
    let qh = halves + 2 * layout.queryBF16, ph = halves + 2 * layout.probBF16
    let kh = halves + 2 * layout.keysBF16, vt = halves + 2 * layout.valuesBF16, panel = halves + 2 * layout.panel
    let kr = scratch + layout.keysBF16, vr = scratch + layout.valuesBF16
    let dEven = layout.dEven, seenEven = layout.seenEven

    for g in kvHeads ?? 0..<shape.kvHeads {
        let kvOffset = g * d
        let visibleKeys = prefix + tokens
        // bf16: this head's keys and values rounded once for all blocks; key j is prefix row j,
        // then own row j − prefix.
        func keyRow(_ j: Int) -> UnsafePointer<Float> {
            j < prefix ? prefixKeys! + j * kvWidth + kvOffset : keys + (j - prefix) * kvWidth + kvOffset
        }
        func valueRow(_ j: Int) -> UnsafePointer<Float> {
            j < prefix ? prefixValues! + j * kvWidth + kvOffset : values + (j - prefix) * kvWidth + kvOffset
        }
        switch kernel {
        case .sgemm: break
        case .avx512bf16:
            for j in 0..<visibleKeys {
                cbf16_round_rows(keyRow(j), d, kh + j * dEven, dEven, 1, d)
                let v = valueRow(j)
                for i in 0..<d { vt[i * seenEven + j] = bf16Bits(v[i]) }
            }
            if visibleKeys & 1 == 1 { for i in 0..<d { vt[i * seenEven + visibleKeys] = 0 } }
        case .emulatedBF16:
            for j in 0..<visibleKeys {
                roundToBF16Values(keyRow(j), kr + j * d, count: d)
                roundToBF16Values(valueRow(j), vr + j * d, count: d)
            }
        }

        var start = firstQuery
        while start < tokens {
            let end = min(start + attentionBlockRows, tokens)
            let rows = end - start, stacked = rows * group
            let seen = prefix + end           // keys any row of this block can see
            let qBlock = q + (start - firstQuery) * qWidth + g * group * d
            // Stacked row j·rows + r is query head g·group + j of token start + r.
            for j in 0..<group {
                for r in 0..<rows {
                    (stackedQ + (j * rows + r) * d).update(from: qBlock + r * qWidth + j * d, count: d)
                }
            }
            switch kernel {
            case .sgemm: break
            case .avx512bf16: cbf16_round_rows(stackedQ, d, qh, dEven, stacked, d)
            case .emulatedBF16: roundToBF16Values(stackedQ, stackedQ, count: stacked * d)
            }

            // Tiles of keys [k0, k1); with fp32 keys read in place, a tile does not cross from the
            // prefix to the own keys (they are two buffers).
            var k0 = 0, first = true
            while k0 < seen {
                let segmentEnd = kernel == .sgemm && k0 < prefix ? prefix : seen
                let k1 = min(k0 + tile, segmentEnd), width = k1 - k0
                // s = q·kᵀ (fp32: scaled inside sgemm; bf16: scaled below, after the exact products).
                switch kernel {
                case .sgemm:
                    matmulNT(scores, ldc: tile, stackedQ, lda: d, keyRow(k0), ldb: kvWidth,
                             m: stacked, n: width, k: d, alpha: scale)
                case .avx512bf16:
                    cbf16_gemm_nt_avx512(scores, tile, qh, dEven, kh + k0 * dEven, dEven, stacked, 0, width, d, 0, panel)
                case .emulatedBF16:
                    matmulNT(scores, ldc: tile, stackedQ, lda: d, kr + k0 * d, ldb: d, m: stacked, n: width, k: d)
                }
                // Online softmax: token start + r sees keys < prefix + start + r + 1.
                let scaleScores = kernel != .sgemm
                for i in 0..<stacked {
                    let row = scores + i * tile
                    let visible = min(width, prefix + start + i % rows + 1 - k0)
                    if visible <= 0 {
                        row.update(repeating: 0, count: width)
                        continue
                    }
                    if scaleScores { for j in 0..<visible { row[j] *= scale } }
                    var tileMax = row[0]
                    for j in 1..<visible where row[j] > tileMax { tileMax = row[j] }
                    let newMax = first ? tileMax : max(rowMax[i], tileMax)
                    let sum = expShiftedInPlace(row, count: visible, shift: newMax)
                    (row + visible).update(repeating: 0, count: width - visible)
                    if first {
                        rowSum[i] = sum
                    } else {
                        let correction = clampedExp(rowMax[i] - newMax)
                        rowSum[i] = rowSum[i] * correction + sum
                        if correction != 1 {
                            let o = acc + i * d
                            for c in 0..<d { o[c] *= correction }
                        }
                    }
                    rowMax[i] = newMax
                }
                // acc (=|+=) p·v.
                switch kernel {
                case .sgemm:
                    matmulNN(acc, ldc: d, scores, lda: tile, valueRow(k0), ldb: kvWidth,
                             m: stacked, n: d, k: width, beta: first ? 0 : 1)
                case .avx512bf16:
                    let widthEven = (width + 1) & ~1
                    cbf16_round_rows(scores, tile, ph, widthEven, stacked, width)
                    cbf16_gemm_nt_avx512(acc, d, ph, widthEven, vt + k0, seenEven, stacked, 0, d, width, first ? 0 : 1, panel)
                case .emulatedBF16:
                    for i in 0..<stacked { roundToBF16Values(scores + i * tile, scores + i * tile, count: width) }
                    matmulNN(acc, ldc: d, scores, lda: tile, vr + k0 * d, ldb: d,
                             m: stacked, n: d, k: width, beta: first ? 0 : 1)
                }
                first = false
                k0 = k1
            }

            let outBlock = out + (start - firstQuery) * qWidth + g * group * d
            for j in 0..<group {
                for r in 0..<rows {
                    let i = j * rows + r
                    let inv = 1 / rowSum[i]
                    let o = outBlock + r * qWidth + j * d, a = acc + i * d
                    for c in 0..<d { o[c] = a[c] * inv }
                }
            }
            start = end
        }
    }
}

/// Reference for `causalAttention`: one query, one head, one key at a time, in Double. With `bf16`,
/// q, k, v and the (normalized) probabilities are rounded to bf16 first, as the bf16 kernels' inputs are.
/// Arrays are dense with the shapes documented on `causalAttention`.
public func causalAttentionReference(
    q: [Float], prefixKeys: [Float], prefixValues: [Float], prefixLength: Int,
    keys: [Float], values: [Float], tokens: Int, shape: AttentionShape, bf16: Bool = false
) -> [Float] {
    let d = shape.headDim, qWidth = shape.queryWidth, kvWidth = shape.kvWidth
    let group = shape.heads / shape.kvHeads
    var out = [Float](repeating: 0, count: tokens * qWidth)
    func input(_ x: Float) -> Double { bf16 ? Double(Float(bitPattern: UInt32(bf16Bits(x)) << 16)) : Double(x) }
    func key(_ j: Int, _ kvHead: Int, _ i: Int) -> Double {
        j < prefixLength ? input(prefixKeys[j * kvWidth + kvHead * d + i])
                         : input(keys[(j - prefixLength) * kvWidth + kvHead * d + i])
    }
    func value(_ j: Int, _ kvHead: Int, _ i: Int) -> Double {
        j < prefixLength ? input(prefixValues[j * kvWidth + kvHead * d + i])
                         : input(values[(j - prefixLength) * kvWidth + kvHead * d + i])
    }
    for t in 0..<tokens {
        for h in 0..<shape.heads {
            let kvHead = h / group
            let visible = prefixLength + t + 1
            var scores = [Double](repeating: 0, count: visible)
            for j in 0..<visible {
                var s = 0.0
                for i in 0..<d { s += input(q[t * qWidth + h * d + i]) * key(j, kvHead, i) }
                scores[j] = s / Double(d).squareRoot()
            }
            let m = scores.max() ?? 0
            let e = scores.map { exp($0 - m) }
            let sum = e.reduce(0, +)
            let p = e.map { bf16 ? input(Float($0 / sum)) : $0 / sum }
            for i in 0..<d {
                var acc = 0.0
                for j in 0..<visible { acc += p[j] * value(j, kvHead, i) }
                out[t * qWidth + h * d + i] = Float(acc)
            }
        }
    }
    return out
}
