#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Bidirectional multi-head attention over one sequence (BERT's self-attention without a mask:
// every token sees every token of its own sequence). Sequences of a batch are packed one after
// another rather than padded, so a padding mask is never needed: the result equals transformers'
// masked attention on a padded batch, without computing the padding.

/// Floats of scratch `fullAttention` needs: one [tokens, tokens] score matrix.
public func fullAttentionScratchCount(tokens: Int) -> Int { tokens * tokens }

/// out[t, h·d] = softmax(q_h·k_hᵀ / √d) · v_h for each head h of one sequence.
///   q, k, v, out: [tokens, heads·headDim] row-major, with leading dimension `ld` (≥ heads·headDim)
///   scratch:      fullAttentionScratchCount(tokens:) floats
public func fullAttention(
    out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
    ld: Int, tokens: Int, heads: Int, headDim: Int, scratch: UnsafeMutablePointer<Float>
) {
    if tokens == 0 { return }
    let scale = 1 / Float(headDim).squareRoot()
    for h in 0..<heads {
        let offset = h * headDim
        matmulNT(scratch, ldc: tokens, q + offset, lda: ld, k + offset, ldb: ld, m: tokens, n: tokens, k: headDim, alpha: scale)
        for t in 0..<tokens { softmax(scratch + t * tokens, count: tokens) }
        matmulNN(out + offset, ldc: ld, scratch, lda: tokens, v + offset, ldb: ld, m: tokens, n: headDim, k: tokens)
    }
}

/// Reference for `fullAttention`, in Double; dense [tokens, heads·headDim] arrays.
public func fullAttentionReference(q: [Float], k: [Float], v: [Float], tokens: Int, heads: Int, headDim: Int) -> [Float] {
    let width = heads * headDim
    var out = [Float](repeating: 0, count: tokens * width)
    for h in 0..<heads {
        for t in 0..<tokens {
            var scores = [Double](repeating: 0, count: tokens)
            for j in 0..<tokens {
                var s = 0.0
                for i in 0..<headDim { s += Double(q[t * width + h * headDim + i]) * Double(k[j * width + h * headDim + i]) }
                scores[j] = s / Double(headDim).squareRoot()
            }
            let m = scores.max() ?? 0
            let e = scores.map { exp($0 - m) }
            let sum = e.reduce(0, +)
            for i in 0..<headDim {
                var acc = 0.0
                for j in 0..<tokens { acc += e[j] / sum * Double(v[j * width + h * headDim + i]) }
                out[t * width + h * headDim + i] = Float(acc)
            }
        }
    }
    return out
}
