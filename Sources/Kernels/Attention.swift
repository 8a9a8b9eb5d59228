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

/// Token rows handled per block: bounds the score scratch at (heads/kvHeads)·blockRows × (prefix + tokens).
/// The query heads of one key/value head are stacked, so a block's GEMMs have group·blockRows rows.
public let attentionBlockRows = 64

/// Floats of scratch `causalAttention` needs: the stacked queries and outputs of one block, and
/// its scores.
public func attentionScratchCount(tokens: Int, prefixLength: Int, shape: AttentionShape) -> Int {
    let stacked = min(tokens, attentionBlockRows) * (shape.heads / max(shape.kvHeads, 1))
    return stacked * (2 * shape.headDim + prefixLength + tokens)
}

/// out[i, h·d] = attention of new token t = tokens − queryCount + i (absolute position
/// prefixLength + t) for every head h. All new tokens have keys; only the last `queryCount`
/// have queries (all of them by default; just the last one where only its output is needed).
///   q, out:                     [queryCount, heads·headDim] row-major (q normed and rotated)
///   prefixKeys, prefixValues:   [prefixLength, kvHeads·headDim] (ignored when prefixLength is 0)
///   keys, values:               [tokens, kvHeads·headDim], the new tokens' own (rotated) keys/values
///   scratch:                    attentionScratchCount(tokens:prefixLength:shape:) floats
///   kvHeads:                    the key/value heads to compute, each with its group of query heads
///                               (all by default); other heads' outputs are left alone
/// Per key/value head and block of token rows, the group's query heads are stacked into one
/// [group·rows, headDim] matrix (grouped-query attention reads the same keys for all of them):
/// scores = q·kᵀ·scale by two GEMMs (prefix, own), mask and softmax row by row, then out = p·v by
/// two GEMMs, scattered back to each head's columns.
public func causalAttention(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>,
    prefixKeys: UnsafePointer<Float>?, prefixValues: UnsafePointer<Float>?, prefixLength: Int,
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, tokens: Int, queryCount: Int? = nil,
    shape: AttentionShape, scratch: UnsafeMutablePointer<Float>, kvHeads: Range<Int>? = nil
) {
    let d = shape.headDim
    let queries = min(queryCount ?? tokens, tokens)
    let firstQuery = tokens - queries
    let qWidth = shape.queryWidth, kvWidth = shape.kvWidth
    let group = shape.heads / shape.kvHeads
    let scale = 1 / Float(d).squareRoot()
    let prefix = (prefixKeys != nil && prefixValues != nil) ? prefixLength : 0
    // scratch: stacked queries [capacity, d], stacked outputs [capacity, d], scores [capacity, seen].
    let capacity = min(queries, attentionBlockRows) * group
    let stackedQ = scratch, stackedOut = scratch + capacity * d, scores = scratch + 2 * capacity * d
    for g in kvHeads ?? 0..<shape.kvHeads {
        let kvOffset = g * d
        var start = firstQuery
        while start < tokens {
            let end = min(start + attentionBlockRows, tokens)
            let rows = end - start, stacked = rows * group
            let seen = prefix + end           // keys any row of this block can see
            let ld = seen                     // scores: [stacked, seen] row-major
            let qBlock = q + (start - firstQuery) * qWidth + g * group * d
            // Stacked row j·rows + r is query head g·group + j of token start + r.
            for j in 0..<group {
                for r in 0..<rows {
                    (stackedQ + (j * rows + r) * d).update(from: qBlock + r * qWidth + j * d, count: d)
                }
            }
            // Scores against the prefix, then against own tokens 0..<end.
            if prefix > 0, let pk = prefixKeys {
                matmulNT(scores, ldc: ld, stackedQ, lda: d, pk + kvOffset, ldb: kvWidth,
                         m: stacked, n: prefix, k: d, alpha: scale)
            }
            matmulNT(scores + prefix, ldc: ld, stackedQ, lda: d, keys + kvOffset, ldb: kvWidth,
                     m: stacked, n: end, k: d, alpha: scale)
            // Causal mask: token start + r sees prefix + start + r + 1 keys.
            for i in 0..<stacked {
                let row = scores + i * ld
                let visible = prefix + start + i % rows + 1
                softmax(row, count: visible)
                (row + visible).update(repeating: 0, count: seen - visible)
            }
            if prefix > 0, let pv = prefixValues {
                matmulNN(stackedOut, ldc: d, scores, lda: ld, pv + kvOffset, ldb: kvWidth,
                         m: stacked, n: d, k: prefix)
            }
            matmulNN(stackedOut, ldc: d, scores + prefix, lda: ld, values + kvOffset, ldb: kvWidth,
                     m: stacked, n: d, k: end, beta: prefix > 0 ? 1 : 0)
            let outBlock = out + (start - firstQuery) * qWidth + g * group * d
            for j in 0..<group {
                for r in 0..<rows {
                    (outBlock + r * qWidth + j * d).update(from: stackedOut + (j * rows + r) * d, count: d)
                }
            }
            start = end
        }
    }
}

/// Reference for `causalAttention`: one query, one head, one key at a time, in Double.
/// Arrays are dense with the shapes documented on `causalAttention`.
public func causalAttentionReference(
    q: [Float], prefixKeys: [Float], prefixValues: [Float], prefixLength: Int,
    keys: [Float], values: [Float], tokens: Int, shape: AttentionShape
) -> [Float] {
    let d = shape.headDim, qWidth = shape.queryWidth, kvWidth = shape.kvWidth
    let group = shape.heads / shape.kvHeads
    var out = [Float](repeating: 0, count: tokens * qWidth)
    func key(_ j: Int, _ kvHead: Int, _ i: Int) -> Double {
        j < prefixLength ? Double(prefixKeys[j * kvWidth + kvHead * d + i])
                         : Double(keys[(j - prefixLength) * kvWidth + kvHead * d + i])
    }
    func value(_ j: Int, _ kvHead: Int, _ i: Int) -> Double {
        j < prefixLength ? Double(prefixValues[j * kvWidth + kvHead * d + i])
                         : Double(values[(j - prefixLength) * kvWidth + kvHead * d + i])
    }
    for t in 0..<tokens {
        for h in 0..<shape.heads {
            let kvHead = h / group
            let visible = prefixLength + t + 1
            var scores = [Double](repeating: 0, count: visible)
            for j in 0..<visible {
                var s = 0.0
                for i in 0..<d { s += Double(q[t * qWidth + h * d + i]) * key(j, kvHead, i) }
                scores[j] = s / Double(d).squareRoot()
            }
            let m = scores.max() ?? 0
            let e = scores.map { exp($0 - m) }
            let sum = e.reduce(0, +)
            for i in 0..<d {
                var acc = 0.0
                for j in 0..<visible { acc += e[j] / sum * value(j, kvHead, i) }
                out[t * qWidth + h * d + i] = Float(acc)
            }
        }
    }
    return out
}
