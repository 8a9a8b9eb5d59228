import Foundation
import Kernels
import XCTest
@testable import Qwen3

/// The bf16 forward pass on the fixture models: against the fp32 pass (how far bf16 moves scores)
/// and against the plain reference forward with bf16-rounded product inputs (that the engine
/// computes what bf16 precision means).
final class PrecisionTests: XCTestCase {
    /// Every bf16 route this CPU can run: the emulated one always, AVX512-BF16 where present.
    private func bf16Routes() -> [(String, Bool)] {
        var routes = [("emulated", false)]
        if BF16Kernels.available { routes.append(("avx512bf16", true)) }
        else { print("AVX512-BF16 route not tested: this CPU lacks AVX512-BF16") }
        return routes
    }

    func testBF16ForwardStaysCloseToFP32AndMatchesTheBF16Reference() throws {
        let fixture = try RerankerFixture.load()
        let folder = try RerankerFixture.modelsFolder()
        for (route, hasBF16) in bf16Routes() {
            var maxLogit = 0.0, maxScore = 0.0, maxReference = 0.0, largest = 0.0, pairs = 0
            for name in fixture.models.keys.sorted() {
                let weights = try Qwen3Weights.load(folder: folder.appendingPathComponent(name))
                let fp32 = Qwen3Model(weights: weights, yes: 9693, no: 2152, precision: .fp32)
                let bf16 = Qwen3Model(weights: weights, yes: 9693, no: 2152, precision: .bf16)
                if !hasBF16 { bf16.replaceLinearKernel(LinearKernel(setting: .bf16, hasAVX512BF16: false)) }
                XCTAssertEqual(bf16.linearKernel.description.kernel, hasBF16 ? .avx512bf16 : .emulatedBF16)
                for c in fixture.cases where c.model == name {
                    let prompts = c.expected.map(\.ids)
                    let a = fp32.logits(prompts: prompts), b = bf16.logits(prompts: prompts)
                    for (x, y) in zip(a, b) {
                        maxLogit = max(maxLogit, abs(x - y))
                        maxScore = max(maxScore, abs(sigmoid(x) - sigmoid(y)))
                        largest = max(largest, abs(x))
                        pairs += 1
                    }
                    let reference = referenceLogit(weights: weights, tokens: prompts[0], classifier: bf16.classifier,
                                                   precision: .bf16)
                    maxReference = max(maxReference, abs(reference - b[0]))
                }
            }
            print("bf16 (\(route)) vs fp32 forward over \(pairs) pairs: max |Δlogit| = \(maxLogit), max |Δscore| = \(maxScore); "
                  + "vs bf16 reference forward: max |Δlogit| = \(maxReference); largest |logit| \(largest)")
            XCTAssertGreaterThan(pairs, 40)
            XCTAssertGreaterThan(maxLogit, 0, "bf16 rounding must change something: the bf16 path did not run")
            // These tiny random-weight models are far more sensitive to rounding than trained ones
            // (the 0.6B shape's bf16 vs fp32 difference is measured by `bench`, README): the bounds
            // here are a few times what bf16 rounding gives, and far below what a wrong kernel gives.
            XCTAssertLessThan(maxScore, 0.05, route)
            XCTAssertLessThan(maxLogit, 0.25, route)
            // Against the reference with the same rounding only the summation order differs, but a
            // value the two round to different bf16 neighbours moves by one bf16 ulp (2^-8 relative)
            // and that spreads through the layers.
            XCTAssertLessThan(maxReference, 0.05, route)
        }
    }

    func testRerankerReportsItsResolvedPrecision() throws {
        let folder = try RerankerFixture.modelsFolder().appendingPathComponent("tied-bf16")
        let fp32 = try Qwen3Reranker(folder: folder, options: RerankerOptions(precision: .fp32))
        XCTAssertEqual(fp32.arithmetic, ArithmeticDescription(setting: .fp32, precision: .fp32, kernel: .sgemm))
        let auto = try Qwen3Reranker(folder: folder, options: RerankerOptions(precision: .auto))
        XCTAssertEqual(auto.arithmetic.resolved, BF16Kernels.available ? .bf16 : .fp32)
        XCTAssertEqual(auto.arithmetic.setting, "auto")
    }
}
