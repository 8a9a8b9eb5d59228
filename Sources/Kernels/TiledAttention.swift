// The fp32 attention route for CPUs without AVX-512 (and head widths the fused vector loops do not
// take): per key/value head and block of token rows, the group's query heads are stacked into one
// [group·rows, headDim] matrix, and the keys the block sees are walked in tiles of 256 with an
// online softmax, each product an sgemm call on the tile (keys and values read in place).

/// Token rows handled per block. The query heads of one key/value head are stacked, so a block's
/// products have group·blockRows rows (128 for the 0.6B shape's 2 heads per key/value head).
let tiledBlockRows = 64

/// Keys per tile: a tile's scores ([group·blockRows, 256] fp32, 128 KiB for the 0.6B shape), its
/// keys and values stay in a core's L2 while the tile is worked on.
let tiledKeyTile = 256

/// Where each part of one worker's scratch lies, in floats from its start (each 64-byte aligned).
struct TiledAttentionLayout {
    /// Stacked rows of a block: group · min(queries, tiledBlockRows).
    let capacity: Int
    let stackedQ: Int       // [capacity, d] the block's queries, head by head
    let output: Int         // [capacity, d] Σ p·v so far (unnormalized)
    let scores: Int         // [capacity, tiledKeyTile] one tile's scores, then its p
    let rowMax: Int         // [capacity] running maximum m per stacked row
    let rowSum: Int         // [capacity] running Σ e^(s − m) per stacked row
    let count: Int

    init(tokens: Int, shape: AttentionShape) {
        let group = shape.heads / max(shape.kvHeads, 1)
        capacity = min(tokens, tiledBlockRows) * group
        var next = 0
        func take(_ floats: Int) -> Int {
            defer { next += (floats + 15) & ~15 }
            return next
        }
        stackedQ = take(capacity * shape.headDim)
        output = take(capacity * shape.headDim)
        scores = take(capacity * tiledKeyTile)
        rowMax = take(capacity)
        rowSum = take(capacity)
        count = next
    }
}

/// `causalAttention` by the tiled sgemm route: fp32 segments only.
func tiledAttention(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>, segments: [KeySegment],
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, tokens: Int, queries: Int,
    shape: AttentionShape, scratch: UnsafeMutablePointer<Float>, kvHeads: Range<Int>
) {
    let d = shape.headDim
    let firstQuery = tokens - queries
    let qWidth = shape.queryWidth, kvWidth = shape.kvWidth
    let group = shape.heads / shape.kvHeads
    let scale = 1 / Float(d).squareRoot()
    let layout = TiledAttentionLayout(tokens: queries, shape: shape)
    let tile = tiledKeyTile
    let stackedQ = scratch + layout.stackedQ, acc = scratch + layout.output, scores = scratch + layout.scores
    let rowMax = scratch + layout.rowMax, rowSum = scratch + layout.rowSum
    // The runs of keys in order: each cached segment, then the own keys.
    var runs: [(keys: UnsafePointer<Float>, values: UnsafePointer<Float>, start: Int, length: Int)] = []
    var prefix = 0
    for segment in segments {
        guard case let .fp32(k, v) = segment.rows else {
            preconditionFailure("the tiled sgemm attention reads fp32 keys and values")
        }
        runs.append((k, v, prefix, segment.length))
        prefix += segment.length
    }
    runs.append((keys, values, prefix, tokens))

    for g in kvHeads {
        let kvOffset = g * d
        var start = firstQuery
        while start < tokens {
            let end = min(start + tiledBlockRows, tokens)
            let rows = end - start, stacked = rows * group
            let seen = prefix + end           // keys any row of this block can see
            let qBlock = q + (start - firstQuery) * qWidth + g * group * d
            // Stacked row j·rows + r is query head g·group + j of token start + r.
            for j in 0..<group {
                for r in 0..<rows {
                    (stackedQ + (j * rows + r) * d).update(from: qBlock + r * qWidth + j * d, count: d)
                }
            }
            // Tiles of keys [k0, k1) within one run (runs are separate buffers).
            var first = true
            for run in runs where run.start < seen {
                var k0 = run.start
                let runEnd = min(run.start + run.length, seen)
                while k0 < runEnd {
                    let k1 = min(k0 + tile, runEnd), width = k1 - k0
                    let keyRows = run.keys + (k0 - run.start) * kvWidth + kvOffset
                    let valueRows = run.values + (k0 - run.start) * kvWidth + kvOffset
                    matmulNT(scores, ldc: tile, stackedQ, lda: d, keyRows, ldb: kvWidth,
                             m: stacked, n: width, k: d, alpha: scale)
                    // Online softmax: token start + r sees keys < prefix + start + r + 1.
                    for i in 0..<stacked {
                        let row = scores + i * tile
                        let visible = min(width, prefix + start + i % rows + 1 - k0)
                        if visible <= 0 {
                            row.update(repeating: 0, count: width)
                            continue
                        }
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
                    matmulNN(acc, ldc: d, scores, lda: tile, valueRows, ldb: kvWidth,
                             m: stacked, n: d, k: width, beta: first ? 0 : 1)
                    first = false
                    k0 = k1
                }
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
