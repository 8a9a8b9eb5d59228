import Foundation
import Kernels

/// The BERT encoder forward pass (transformers' BertModel, eval mode; XLMRobertaModel is the same
/// network with positions counted from `BertConfig.positionOffset`) over a batch of sequences
/// packed one after another: embeddings (word + absolute position + token type, then LayerNorm),
/// then per layer post-LN self-attention and feed-forward with exact GELU. Each sequence attends
/// only to itself, which is what a padded batch with an attention mask computes, without the padding.
/// The linear layers run over all tokens of the pass at once (query, key and value as one GEMM);
/// attention, GELU and the norms are split over the cores. Not thread-safe (one run state);
/// `BertEmbedder` and `BertCrossEncoder` serialise calls.
final class BertModel {
    let weights: BertWeights
    var config: BertConfig { weights.config }
    /// The linear layers' arithmetic (fp32 sgemm, or bf16 products with fp32 sums).
    let kernel: LinearKernel
    /// Where the time of each pass went, when set (bench-encoder); nil: not measured.
    var times: EncoderStageTimes?
    private let x = ScratchBuffer()        // [tokens, hidden] the hidden states
    private let qkv = ScratchBuffer()      // [tokens, 3·hidden] query | key | value
    private let context = ScratchBuffer()  // [tokens, hidden] attention output before its projection
    private let inner = ScratchBuffer()    // [tokens, intermediate]
    private let attention = FullAttentionWorkspace()

    init(weights: BertWeights, precision: PrecisionSetting = .fp32) {
        self.weights = weights
        kernel = LinearKernel(setting: precision)
    }

    /// The last hidden states of every token of every sequence, [Σ lengths, hidden] row-major,
    /// valid until the next call. Every sequence must be non-empty, no longer than
    /// `BertConfig.maxTokens`, with ids below vocab_size and type ids below type_vocab_size
    /// (the tokenizer's ids are checked at load). A model with one token type (XLM-RoBERTa) reads
    /// type 0 for every token, as transformers does when its tokenizer gives no token_type_ids.
    func hiddenStates(_ inputs: [(ids: [Int32], typeIDs: [Int32])]) -> UnsafePointer<Float> {
        let h = config.hiddenSize, inter = config.intermediateSize
        let total = inputs.reduce(0) { $0 + $1.ids.count }
        let workers = max(blasThreads, 1)
        let x = x.reserve(total * h), qkv = qkv.reserve(total * 3 * h)
        let context = context.reserve(total * h), inner = inner.reserve(total * inter)
        var sequences: [Range<Int>] = []
        sequences.reserveCapacity(inputs.count)
        // Embeddings: word + position + token type, then LayerNorm.
        let singleType = config.typeVocabSize == 1
        timed(\.embeddings) {
            var row = 0
            for input in inputs {
                let positions = config.positionIDs(input.ids)
                for (position, (id, type)) in zip(positions, zip(input.ids, input.typeIDs)) {
                    let out = x + row * h
                    let word = weights.wordEmbeddings + Int(id) * h
                    let pos = weights.positionEmbeddings + position * h
                    let typ = weights.typeEmbeddings + (singleType ? 0 : Int(type)) * h
                    for j in 0..<h { out[j] = word[j] + pos[j] + typ[j] }
                    row += 1
                }
                sequences.append((row - input.ids.count)..<row)
            }
        }
        let eps = Float(config.layerNormEps)
        timed(\.layerNorm) {
            layerNorm(x, x, weight: weights.embeddingNorm.weight, bias: weights.embeddingNorm.bias,
                      rows: total, width: h, eps: eps, workers: workers)
        }
        for layer in weights.layers {
            // Self-attention: query, key and value in one product, attention within each sequence.
            timed(\.linear) { biasedLinear(qkv, x, layer.queryKeyValue, rows: total, workers: workers) }
            timed(\.attention) {
                fullAttentionPacked(out: context, ldOutput: h, q: qkv, k: qkv + h, v: qkv + 2 * h, ldInput: 3 * h,
                                    sequences: sequences, heads: config.numAttentionHeads, headDim: config.headDim,
                                    workers: workers, workspace: attention)
            }
            // x = LayerNorm(x + context·Woᵀ + bo): the residual and bias go in first, the GEMM accumulates.
            timed(\.linear) { residualLinear(x, context, layer.attentionOutput, rows: total, workers: workers) }
            timed(\.layerNorm) {
                layerNorm(x, x, weight: layer.attentionNorm.weight, bias: layer.attentionNorm.bias,
                          rows: total, width: h, eps: eps, workers: workers)
            }
            // Feed-forward: x = LayerNorm(x + gelu(x·Wiᵀ + bi)·Woᵀ + bo).
            timed(\.linear) { biasedLinear(inner, x, layer.intermediate, rows: total, workers: workers) }
            timed(\.gelu) {
                forEachRowChunk(rows: total, workers: workers, minRows: 16) { r in
                    gelu(inner + r.lowerBound * inter, count: r.count * inter)
                }
            }
            timed(\.linear) { residualLinear(x, inner, layer.output, rows: total, workers: workers) }
            timed(\.layerNorm) {
                layerNorm(x, x, weight: layer.outputNorm.weight, bias: layer.outputNorm.bias,
                          rows: total, width: h, eps: eps, workers: workers)
            }
        }
        if times != nil {
            times?.tokens += total
            times?.passes += 1
            let perToken = weights.layers.first.map { l in
                [l.queryKeyValue, l.attentionOutput, l.intermediate, l.output].reduce(0) { $0 + 2 * $1.outFeatures * $1.inFeatures }
            } ?? 0
            times?.linearFLOP += Double(perToken) * Double(total) * Double(weights.layers.count)
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

    /// Runs `body`, adding its time to `stage` when times are measured.
    @inline(__always)
    private func timed(_ stage: WritableKeyPath<EncoderStageTimes, Double>, _ body: () -> Void) {
        guard times != nil else { return body() }
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times?[keyPath: stage] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// y[rows, out] = bias + input[rows, in] · wᵀ.
    private func biasedLinear(_ y: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, _ w: BertLinear,
                              rows: Int, workers: Int) {
        for r in 0..<rows { (y + r * w.outFeatures).update(from: w.bias, count: w.outFeatures) }
        kernel.apply(y, input, w.matrix, rows: rows, workers: workers, accumulate: true)
    }

    /// y[rows, out] += bias + input[rows, in] · wᵀ.
    private func residualLinear(_ y: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, _ w: BertLinear,
                                rows: Int, workers: Int) {
        for r in 0..<rows {
            let yr = y + r * w.outFeatures
            for j in 0..<w.outFeatures { yr[j] += w.bias[j] }
        }
        kernel.apply(y, input, w.matrix, rows: rows, workers: workers, accumulate: true)
    }
}

/// Where an encoder's time went (seconds per stage) and how much it did: for `bench-encoder`.
public struct EncoderStageTimes: Sendable, Equatable, Codable {
    public var tokenize = 0.0
    public var embeddings = 0.0
    public var linear = 0.0
    public var attention = 0.0
    public var gelu = 0.0
    public var layerNorm = 0.0
    public var pooling = 0.0
    /// 2 · rows · out · in over every linear layer run.
    public var linearFLOP = 0.0
    /// Tokens through the layers, special tokens included, and forward passes.
    public var tokens = 0
    public var passes = 0

    public init() {}

    /// Seconds of every stage together.
    public var total: Double { tokenize + embeddings + linear + attention + gelu + layerNorm + pooling }
}
