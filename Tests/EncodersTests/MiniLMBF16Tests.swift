import Foundation
import Kernels
import XCTest
@testable import Encoders

/// The bf16 GEMM kernels (Kernels.LinearKernel, the Qwen3 engine's bf16 path) on trained weights:
/// the real all-MiniLM-L6-v2 with every linear layer's product taken in bf16 (activations and
/// weights rounded to nearest even, fp32 accumulation), against the same forward pass in fp32.
/// Random-weight Qwen3 models amplify any rounding (see scripts/bench/bf16_accuracy.py); trained
/// weights show what the kernels' rounding does to real embeddings. The encoders' own forward
/// (BertModel) is not touched: `KernelBertForward` below is BertModel's math with the products
/// routed through a LinearKernel, and its fp32 route is checked against BertEmbedder first.
final class MiniLMBF16Tests: XCTestCase {
    func testBF16KernelsOnTrainedMiniLMWeights() throws {
        let fixture = try MiniLMFixture.load()
        let embedder = try BertEmbedder(folder: MiniLMFixture.modelFolder())
        let weights = try BertWeights(folder: MiniLMFixture.modelFolder(), config: embedder.config, classifier: false)
        let fp32 = KernelBertForward(weights: weights, precision: .fp32)
        let bf16 = KernelBertForward(weights: weights, precision: .bf16)
        let texts = Array(Set(fixture.pairs.flatMap { [$0.query, $0.candidate] })).sorted()
        let native = Dictionary(uniqueKeysWithValues: zip(texts, embedder.embed(texts).map(\.vector)))

        var routeDiff: Float = 0, componentDiff: Float = 0
        var a: [String: [Float]] = [:], b: [String: [Float]] = [:]
        for text in texts {
            let input = embedder.modelInput(text)
            let x = fp32.embedding(input.ids, pooling: embedder.layout.pooling, normalize: embedder.layout.normalize)
            let y = bf16.embedding(input.ids, pooling: embedder.layout.pooling, normalize: embedder.layout.normalize)
            routeDiff = max(routeDiff, zip(x, native[text]!).map { abs($0 - $1) }.max()!)
            componentDiff = max(componentDiff, zip(x, y).map { abs($0 - $1) }.max()!)
            a[text] = x; b[text] = y
        }
        var cosineDiff = 0.0, meanCosineDiff = 0.0, referenceDiff = 0.0, flips = 0, comparedPairs = 0
        for pair in fixture.pairs {
            let c32 = cosine(a[pair.query]!, a[pair.candidate]!), c16 = cosine(b[pair.query]!, b[pair.candidate]!)
            cosineDiff = max(cosineDiff, abs(c32 - c16))
            meanCosineDiff += abs(c32 - c16) / Double(fixture.pairs.count)
            referenceDiff = max(referenceDiff, abs(c16 - pair.cosine))
        }
        // Order of each query's candidates: pairs whose order bf16 swaps.
        for (_, group) in Dictionary(grouping: fixture.pairs, by: \.query) {
            for i in group.indices { for j in group.indices where j > i {
                let d32 = cosine(a[group[i].query]!, a[group[i].candidate]!) - cosine(a[group[j].query]!, a[group[j].candidate]!)
                let d16 = cosine(b[group[i].query]!, b[group[i].candidate]!) - cosine(b[group[j].query]!, b[group[j].candidate]!)
                comparedPairs += 1
                if d32 * d16 < 0 { flips += 1 }
            } }
        }
        print("MiniLM bf16 kernels (\(bf16.kernel.description.text)) vs fp32 on the real all-MiniLM-L6-v2, "
              + "\(texts.count) texts, \(fixture.pairs.count) pairs: max |Δ component| \(componentDiff), "
              + "max |Δcos| \(cosineDiff), mean |Δcos| \(meanCosineDiff), bf16 vs sentence-transformers fp32 "
              + "max |Δcos| \(referenceDiff), order flips \(flips) of \(comparedPairs) candidate pairs; "
              + "fp32 route vs BertEmbedder max |Δ| \(routeDiff)")
        // The forward here is BertModel's: its fp32 route agrees with the encoder itself.
        XCTAssertLessThan(routeDiff, 1e-5)
        // bf16 inputs carry 8 significant bits (relative rounding ≤ 2⁻⁹ ≈ 2e-3); over six layers of
        // 384–1,536-long fp32 sums of such products, a unit embedding moves by a few 1e-3 at most.
        XCTAssertGreaterThan(componentDiff, 0, "the bf16 route changed nothing: not bf16 products")
        XCTAssertLessThan(componentDiff, 5e-3)
        XCTAssertLessThan(cosineDiff, 5e-3)
    }

    private func cosine(_ x: [Float], _ y: [Float]) -> Double {
        var dot = 0.0, nx = 0.0, ny = 0.0
        for (p, q) in zip(x, y) { dot += Double(p) * Double(q); nx += Double(p) * Double(p); ny += Double(q) * Double(q) }
        return dot / (nx.squareRoot() * ny.squareRoot())
    }
}

/// BertModel's forward pass for one sequence (embeddings, then per layer post-LN attention and
/// feed-forward with exact GELU), with every linear layer through a LinearKernel of the given
/// precision. Test-only: the encoders' own forward stays as it is.
final class KernelBertForward {
    let weights: BertWeights
    let kernel: LinearKernel
    init(weights: BertWeights, precision: PrecisionSetting) {
        self.weights = weights
        kernel = LinearKernel(setting: precision)
    }

    /// The pooled (and normalised, if the layout says so) embedding of one model input.
    func embedding(_ ids: [Int32], pooling: Pooling, normalize: Bool) -> [Float] {
        let c = weights.config, h = c.hiddenSize, n = ids.count
        var x = [Float](repeating: 0, count: n * h)
        for (position, id) in ids.enumerated() {
            for j in 0..<h {
                x[position * h + j] = weights.wordEmbeddings[Int(id) * h + j] + weights.positionEmbeddings[position * h + j]
                    + weights.typeEmbeddings[j]
            }
        }
        let eps = Float(c.layerNormEps)
        layerNorm(&x, weights.embeddingNorm, rows: n, width: h, eps: eps)
        var scores = [Float](repeating: 0, count: fullAttentionScratchCount(tokens: n))
        for layer in weights.layers {
            let q = product(x, layer.query, rows: n), k = product(x, layer.key, rows: n), v = product(x, layer.value, rows: n)
            var context = [Float](repeating: 0, count: n * h)
            context.withUnsafeMutableBufferPointer { out in
                scores.withUnsafeMutableBufferPointer { s in
                    fullAttention(out: out.baseAddress!, q: q, k: k, v: v, ld: h, tokens: n, heads: c.numAttentionHeads,
                                  headDim: c.headDim, scratch: s.baseAddress!)
                }
            }
            let attention = product(context, layer.attentionOutput, rows: n)
            for i in x.indices { x[i] += attention[i] }
            layerNorm(&x, layer.attentionNorm, rows: n, width: h, eps: eps)
            var inner = product(x, layer.intermediate, rows: n)
            gelu(&inner, count: inner.count)
            let out = product(inner, layer.output, rows: n)
            for i in x.indices { x[i] += out[i] }
            layerNorm(&x, layer.outputNorm, rows: n, width: h, eps: eps)
        }
        var vector = [Float](repeating: 0, count: h)
        x.withUnsafeBufferPointer { pool($0.baseAddress!, tokens: n, width: h, pooling: pooling, into: &vector) }
        if normalize { normalizeL2(&vector) }
        return vector
    }

    /// x[rows, in] · wᵀ + bias through the kernel.
    private func product(_ x: [Float], _ w: BertLinear, rows: Int) -> [Float] {
        var y = [Float](repeating: 0, count: rows * w.outFeatures)
        for r in 0..<rows { for j in 0..<w.outFeatures { y[r * w.outFeatures + j] = w.bias[j] } }
        let matrix = Matrix(.f32(w.weight), rows: w.outFeatures, cols: w.inFeatures)
        y.withUnsafeMutableBufferPointer { out in
            kernel.apply(out.baseAddress!, x, matrix, rows: rows, workers: 2, accumulate: true)
        }
        return y
    }

    private func layerNorm(_ x: inout [Float], _ norm: BertNorm, rows: Int, width: Int, eps: Float) {
        x.withUnsafeMutableBufferPointer { p in
            Kernels.layerNorm(p.baseAddress!, p.baseAddress!, weight: norm.weight, bias: norm.bias, rows: rows, width: width, eps: eps)
        }
    }
}
