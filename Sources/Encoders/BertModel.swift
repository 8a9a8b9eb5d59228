import Foundation
import Kernels

/// The BERT encoder forward pass (transformers' BertModel, eval mode) over a batch of sequences
/// packed one after another: embeddings (word + absolute position + token type, then LayerNorm),
/// then per layer post-LN self-attention and feed-forward with exact GELU. Each sequence attends
/// only to itself, which is what a padded batch with an attention mask computes, without the padding.
/// Not thread-safe (one run state); `BertEncoder` serialises calls.
final class BertModel {
    let weights: BertWeights
    var config: BertConfig { weights.config }
    private let x = ScratchBuffer()        // [tokens, hidden] the hidden states
    private let q = ScratchBuffer()        // [tokens, hidden]
    private let k = ScratchBuffer()        // [tokens, hidden]
    private let v = ScratchBuffer()        // [tokens, hidden]
    private let context = ScratchBuffer()  // [tokens, hidden] attention output before its projection
    private let inner = ScratchBuffer()    // [tokens, intermediate]
    private let scores = ScratchBuffer()   // [longest, longest]

    init(weights: BertWeights) { self.weights = weights }

    /// The last hidden states of every token of every sequence, [Σ lengths, hidden] row-major,
    /// valid until the next call. Every sequence must be non-empty, no longer than
    /// max_position_embeddings, with ids below vocab_size and type ids below type_vocab_size
    /// (`BertEncoder` checks this).
    func hiddenStates(_ inputs: [(ids: [Int32], typeIDs: [Int32])]) -> UnsafePointer<Float> {
        let h = config.hiddenSize, inter = config.intermediateSize
        let total = inputs.reduce(0) { $0 + $1.ids.count }
        let longest = inputs.map(\.ids.count).max() ?? 0
        let x = x.reserve(total * h), q = q.reserve(total * h), k = k.reserve(total * h), v = v.reserve(total * h)
        let context = context.reserve(total * h), inner = inner.reserve(total * inter)
        let scores = scores.reserve(fullAttentionScratchCount(tokens: longest))
        // Embeddings: word + position + token type, then LayerNorm.
        var row = 0
        for input in inputs {
            for (position, (id, type)) in zip(input.ids, input.typeIDs).enumerated() {
                let out = x + row * h
                let word = weights.wordEmbeddings + Int(id) * h
                let pos = weights.positionEmbeddings + position * h
                let typ = weights.typeEmbeddings + Int(type) * h
                for j in 0..<h { out[j] = word[j] + pos[j] + typ[j] }
                row += 1
            }
        }
        let eps = Float(config.layerNormEps)
        layerNorm(x, x, weight: weights.embeddingNorm.weight, bias: weights.embeddingNorm.bias, rows: total, width: h, eps: eps)
        for layer in weights.layers {
            // Self-attention: q, k, v projections, attention within each sequence.
            linear(q, x, layer.query.weight, bias: layer.query.bias, rows: total, inFeatures: h, outFeatures: h)
            linear(k, x, layer.key.weight, bias: layer.key.bias, rows: total, inFeatures: h, outFeatures: h)
            linear(v, x, layer.value.weight, bias: layer.value.bias, rows: total, inFeatures: h, outFeatures: h)
            var start = 0
            for input in inputs {
                let n = input.ids.count
                fullAttention(out: context + start * h, q: q + start * h, k: k + start * h, v: v + start * h,
                              ld: h, tokens: n, heads: config.numAttentionHeads, headDim: config.headDim, scratch: scores)
                start += n
            }
            // x = LayerNorm(x + context·Woᵀ + bo): the residual and bias go in first, the GEMM accumulates.
            residualLinear(x, context, layer.attentionOutput, rows: total)
            layerNorm(x, x, weight: layer.attentionNorm.weight, bias: layer.attentionNorm.bias, rows: total, width: h, eps: eps)
            // Feed-forward: x = LayerNorm(x + gelu(x·Wiᵀ + bi)·Woᵀ + bo).
            linear(inner, x, layer.intermediate.weight, bias: layer.intermediate.bias, rows: total, inFeatures: h, outFeatures: inter)
            gelu(inner, count: total * inter)
            residualLinear(x, inner, layer.output, rows: total)
            layerNorm(x, x, weight: layer.outputNorm.weight, bias: layer.outputNorm.bias, rows: total, width: h, eps: eps)
        }
        return UnsafePointer(x)
    }

    /// Tokens per forward pass: packed sequences share each GEMM.
    static let tokensPerPass = 2048

    /// Consecutive ranges of sequences (by their lengths) of at most `tokensPerPass` tokens each
    /// (a longer sequence is a range of its own).
    static func passes(_ lengths: [Int]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start < lengths.count {
            var end = start, tokens = 0
            while end < lengths.count, end == start || tokens + lengths[end] <= tokensPerPass {
                tokens += lengths[end]
                end += 1
            }
            out.append(start..<end)
            start = end
        }
        return out
    }

    /// y[rows, out] += bias + input[rows, in] · wᵀ.
    private func residualLinear(_ y: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, _ w: BertLinear, rows: Int) {
        for r in 0..<rows {
            let yr = y + r * w.outFeatures
            for j in 0..<w.outFeatures { yr[j] += w.bias[j] }
        }
        linear(y, input, w.weight, rows: rows, inFeatures: w.inFeatures, outFeatures: w.outFeatures, accumulate: true)
    }
}
