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

/// Query rows handled per block: bounds the score scratch at blockRows × (prefix + tokens).
public let attentionBlockRows = 128

/// Floats of scratch `causalAttention` needs.
public func attentionScratchCount(tokens: Int, prefixLength: Int) -> Int {
    min(tokens, attentionBlockRows) * (prefixLength + tokens)
}

/// out[i, h·d] = attention of new token t = tokens − queryCount + i (absolute position
/// prefixLength + t) for every head h. All new tokens have keys; only the last `queryCount`
/// have queries (all of them by default; just the last one where only its output is needed).
///   q, out:                     [queryCount, heads·headDim] row-major (q normed and rotated)
///   prefixKeys, prefixValues:   [prefixLength, kvHeads·headDim] (ignored when prefixLength is 0)
///   keys, values:               [tokens, kvHeads·headDim], the new tokens' own (rotated) keys/values
///   scratch:                    attentionScratchCount(tokens:prefixLength:) floats
///   heads:                      the heads to compute (all by default); other heads' outputs are left alone
/// Per head and block of query rows: scores = q·kᵀ·scale by two GEMMs (prefix, own), mask and
/// softmax row by row, then out = p·v by two GEMMs.
public func causalAttention(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>,
    prefixKeys: UnsafePointer<Float>?, prefixValues: UnsafePointer<Float>?, prefixLength: Int,
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, tokens: Int, queryCount: Int? = nil,
    shape: AttentionShape, scratch: UnsafeMutablePointer<Float>, heads: Range<Int>? = nil
) {
    let d = shape.headDim
    let firstQuery = tokens - min(queryCount ?? tokens, tokens)
    let qWidth = shape.queryWidth, kvWidth = shape.kvWidth
    let group = shape.heads / shape.kvHeads
    let scale = 1 / Float(d).squareRoot()
    let prefix = (prefixKeys != nil && prefixValues != nil) ? prefixLength : 0
    for h in heads ?? 0..<shape.heads {
        let kvOffset = (h / group) * d
        var start = firstQuery
        while start < tokens {
            let end = min(start + attentionBlockRows, tokens)
            let rows = end - start
            let seen = prefix + end           // keys any row of this block can see
            let ld = seen                     // scores: [rows, seen] row-major
            let qBlock = q + (start - firstQuery) * qWidth + h * d
            // Scores against the prefix, then against own tokens 0..<end.
            if prefix > 0, let pk = prefixKeys {
                matmulNT(scratch, ldc: ld, qBlock, lda: qWidth, pk + kvOffset, ldb: kvWidth,
                         m: rows, n: prefix, k: d, alpha: scale)
            }
            matmulNT(scratch + prefix, ldc: ld, qBlock, lda: qWidth, keys + kvOffset, ldb: kvWidth,
                     m: rows, n: end, k: d, alpha: scale)
            // Causal mask: row r (token start + r) sees prefix + start + r + 1 keys.
            for r in 0..<rows {
                let row = scratch + r * ld
                let visible = prefix + start + r + 1
                softmax(row, count: visible)
                for j in visible..<seen { row[j] = 0 }
            }
            let outBlock = out + (start - firstQuery) * qWidth + h * d
            if prefix > 0, let pv = prefixValues {
                matmulNN(outBlock, ldc: qWidth, scratch, lda: ld, pv + kvOffset, ldb: kvWidth,
                         m: rows, n: d, k: prefix)
            }
            matmulNN(outBlock, ldc: qWidth, scratch + prefix, lda: ld, values + kvOffset, ldb: kvWidth,
                     m: rows, n: d, k: end, beta: prefix > 0 ? 1 : 0)
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
