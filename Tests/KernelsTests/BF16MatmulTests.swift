import CBF16
import XCTest
@testable import Kernels

/// The AVX512-BF16 kernel against the plain reference, bf16 rounding, and the linear layers in
/// each precision.
final class BF16MatmulTests: XCTestCase {
    private func bits(_ x: [Float]) -> [UInt16] { x.map(bf16Bits) }
    private func widened(_ b: [UInt16]) -> [Float] { b.map { Float(bitPattern: UInt32($0) << 16) } }

    func testRoundingIsNearestEvenAndMatchesTheCFunction() {
        // 1 + 2^-8 is halfway between two bf16 values: ties go to the even one (1.0); one ulp
        // above the tie rounds up.
        XCTAssertEqual(bf16Bits(1 + 0x1p-8), 0x3f80)
        XCTAssertEqual(bf16Bits(Float(bitPattern: 0x3f80_8001)), 0x3f81)
        XCTAssertEqual(bf16Bits(Float(bitPattern: 0x3f81_8000)), 0x3f82)   // tie, odd below: up
        XCTAssertEqual(bf16Bits(-2.5), 0xc020)
        XCTAssertEqual(bf16Bits(.infinity), 0x7f80)
        XCTAssertTrue(Float(bitPattern: UInt32(bf16Bits(.nan)) << 16).isNaN)
        XCTAssertEqual(bf16Bits(.greatestFiniteMagnitude), 0x7f80, "overflows to infinity, as RNE does")
        var rng = TestRandom(seed: 5)
        let x = rng.floats(1000, scale: 100) + [0, -0, .infinity, -.infinity, Float(bitPattern: 0x0000_8001), -Float(bitPattern: 0x0000_8001)]
        var c = [UInt16](repeating: 0, count: x.count)
        cbf16_round(x, &c, x.count)
        XCTAssertEqual(c, bits(x))
    }

    func testFastKernelMatchesReference() throws {
        guard BF16Kernels.available else {
            throw XCTSkip("this CPU lacks AVX512-BF16: the fast bf16 kernel cannot run here (the reference and the emulated path are tested)")
        }
        var rng = TestRandom(seed: 21)
        var worst: Float = 0
        // Row counts around the 6-row tile, column counts around the 64-column panel (and the two
        // workers' split of n), odd and even inner dimensions; even k of 16 pairs and more crosses the
        // packing's 16-pair transposes (34: one block and one pair left, 96: three blocks, 1000: 31
        // blocks and 4 pairs).
        for (m, n, k) in [(1, 1, 1), (12, 32, 64), (13, 33, 31), (5, 70, 96), (25, 64, 1), (11, 31, 130), (40, 96, 257),
                          (13, 64, 34), (30, 96, 96), (7, 100, 1000), (2, 64, 30), (6, 128, 64), (7, 129, 66),
                          (17, 200, 48), (1, 63, 32)] {
            let lda = (k + 1) & ~1
            let aBits = bits(rng.floats(m * k, scale: 2))
            let wBits = bits(rng.floats(n * k, scale: 2))
            let expected = bf16MatmulNTReference(aBits, wBits, m: m, n: n, k: k)
            var padded = [UInt16](repeating: 0xffff, count: m * lda)
            for i in 0..<m { for p in 0..<k { padded[i * lda + p] = aBits[i * k + p] } ; if lda > k { padded[i * lda + k] = 0 } }
            for accumulate in [false, true] {
                let initial = rng.floats(m * n)
                var c = accumulate ? initial : [Float](repeating: .nan, count: m * n)
                var panels: [ScratchBuffer] = []
                padded.withUnsafeBufferPointer { a in
                    wBits.withUnsafeBufferPointer { w in
                        c.withUnsafeMutableBufferPointer { cp in
                            bf16MatmulNT(cp.baseAddress!, ldc: n, a.baseAddress!, lda: lda, w.baseAddress!, ldw: k,
                                         m: m, n: n, k: k, accumulate: accumulate, workers: 2, panels: &panels)
                        }
                    }
                }
                let want = accumulate ? zip(expected, initial).map { $0 + $1 } : expected
                // fp32 accumulation of k exact products: error grows with k and the sizes of the terms.
                let bound: Float = 1e-6 * Float(k) * 4 + 1e-6
                let diff = maxAbsDifference(c, want)
                worst = max(worst, diff)
                XCTAssertLessThanOrEqual(diff, bound, "m \(m) n \(n) k \(k) accumulate \(accumulate)")
            }
        }
        print("AVX512-BF16 kernel vs plain reference: max |Δ| = \(worst)")
    }

    func testLinearKernelsAgreeWithTheReferenceInEachRoute() {
        var rng = TestRandom(seed: 22)
        let rows = 17, inF = 72, outF = 40
        let x = rng.floats(rows * inF)
        let wBits = bits(rng.floats(outF * inF))
        let xRounded = widened(bits(x))
        let bf16Expected = matmulNTReference(xRounded, widened(wBits), m: rows, n: outF, k: inF)
        let fp32Expected = matmulNTReference(x, widened(wBits), m: rows, n: outF, k: inF)
        var routes: [(String, LinearKernel)] = [
            ("emulated", LinearKernel(setting: .bf16, hasAVX512BF16: false)),
            ("fp32", LinearKernel(setting: .fp32)),
        ]
        if BF16Kernels.available { routes.append(("avx512bf16", LinearKernel(setting: .bf16))) }
        else { print("AVX512-BF16 route not tested: this CPU lacks AVX512-BF16") }
        wBits.withUnsafeBufferPointer { w in
            let weight = Matrix(.bf16(w.baseAddress!), rows: outF, cols: inF)
            let weightF32 = widened(wBits)
            for (name, kernel) in routes {
                let expected = kernel.precision == .bf16 ? bf16Expected : fp32Expected
                var y = [Float](repeating: .nan, count: rows * outF)
                kernel.apply(&y, x, weight, rows: rows, workers: 2)
                assertClose(y, expected, tolerance: 1e-5, "\(name) linear, bf16 weights")
                // fp32-stored weights: rounded to bf16 in bf16 precision (here already bf16 values).
                weightF32.withUnsafeBufferPointer { wf in
                    var y2 = [Float](repeating: .nan, count: rows * outF)
                    kernel.apply(&y2, x, Matrix(.f32(wf.baseAddress!), rows: outF, cols: inF), rows: rows, workers: 2)
                    assertClose(y2, expected, tolerance: 1e-5, "\(name) linear, fp32 weights")
                    // accumulate adds onto y.
                    var y3 = y
                    kernel.apply(&y3, x, weight, rows: rows, workers: 2, accumulate: true)
                    assertClose(y3, y.map { 2 * $0 }, tolerance: 1e-5, "\(name) linear, accumulate")
                }
            }
        }
    }

    func testFP32RouteIsBitForBitTheSgemmLinear() {
        var rng = TestRandom(seed: 23)
        let rows = 9, inF = 48, outF = 24
        let x = rng.floats(rows * inF)
        let wBits = bits(rng.floats(outF * inF))
        var expected = [Float](repeating: 0, count: rows * outF), got = expected
        wBits.withUnsafeBufferPointer { w in
            let weight = Matrix(.bf16(w.baseAddress!), rows: outF, cols: inF)
            linear(&expected, x, weight, rows: rows, scratch: ScratchBuffer())
            LinearKernel(setting: .fp32).apply(&got, x, weight, rows: rows, workers: 2)
        }
        XCTAssertEqual(got.map(\.bitPattern), expected.map(\.bitPattern))
    }

    func testPrecisionSettingResolvesByCPU() {
        XCTAssertEqual(PrecisionSetting.auto.resolve(hasAVX512BF16: true), .bf16)
        XCTAssertEqual(PrecisionSetting.auto.resolve(hasAVX512BF16: false), .fp32)
        XCTAssertEqual(PrecisionSetting.bf16.resolve(hasAVX512BF16: false), .bf16)
        XCTAssertEqual(PrecisionSetting.fp32.resolve(hasAVX512BF16: true), .fp32)
        XCTAssertEqual(LinearKernel(setting: .auto, hasAVX512BF16: true).description.kernel, .avx512bf16)
        XCTAssertEqual(LinearKernel(setting: .auto, hasAVX512BF16: false).description.kernel, .sgemm)
        XCTAssertEqual(LinearKernel(setting: .bf16, hasAVX512BF16: false).description.kernel, .emulatedBF16)
        XCTAssertEqual(LinearKernel(setting: .auto, hasAVX512BF16: true).description.text, "bf16 (auto; AVX512-BF16 kernels)")
        // The run-time check agrees with what the kernel reports in /proc/cpuinfo.
        XCTAssertEqual(BF16Kernels.available, CPUFeatures.current().flags.contains("avx512_bf16"))
    }
}
