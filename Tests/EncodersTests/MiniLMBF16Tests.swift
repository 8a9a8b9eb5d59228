import Foundation
import Kernels
import XCTest
@testable import Encoders

/// The bf16 GEMM kernels (Kernels.LinearKernel, the Qwen3 engine's bf16 path) on trained weights:
/// the real all-MiniLM-L6-v2 embedded with `precision: bf16` (activations and weights rounded to
/// nearest even, fp32 accumulation) against the same model in fp32. Random-weight Qwen3 models
/// amplify any rounding (see scripts/bench/bf16_accuracy.py); trained weights show what the
/// kernels' rounding does to real embeddings.
final class MiniLMBF16Tests: XCTestCase {
    func testBF16KernelsOnTrainedMiniLMWeights() throws {
        let fixture = try MiniLMFixture.load()
        let fp32 = try BertEmbedder(folder: MiniLMFixture.modelFolder(), precision: .fp32)
        let bf16 = try BertEmbedder(folder: MiniLMFixture.modelFolder(), precision: .bf16)
        let texts = Array(Set(fixture.pairs.flatMap { [$0.query, $0.candidate] })).sorted()
        let x32 = fp32.embed(texts).map(\.vector), x16 = bf16.embed(texts).map(\.vector)

        var componentDiff: Float = 0
        var a: [String: [Float]] = [:], b: [String: [Float]] = [:]
        for (i, text) in texts.enumerated() {
            componentDiff = max(componentDiff, zip(x32[i], x16[i]).map { abs($0 - $1) }.max()!)
            a[text] = x32[i]; b[text] = x16[i]
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
        print("MiniLM bf16 kernels (\(bf16.arithmetic.kernel.rawValue)) vs fp32 on the real all-MiniLM-L6-v2, "
              + "\(texts.count) texts, \(fixture.pairs.count) pairs: max |Δ component| \(componentDiff), "
              + "max |Δcos| \(cosineDiff), mean |Δcos| \(meanCosineDiff), bf16 vs sentence-transformers fp32 "
              + "max |Δcos| \(referenceDiff), order flips \(flips) of \(comparedPairs) candidate pairs")
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
