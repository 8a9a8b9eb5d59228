import XCTest
@testable import Kernels

final class MatrixTests: XCTestCase {
    /// bf16 bits of every float (truncated: exact test values for the widening).
    private func bf16(_ x: [Float]) -> [UInt16] { x.map { UInt16($0.bitPattern >> 16) } }

    func testWideningMatchesTheScalarConversionAtEveryLength() {
        var rng = TestRandom(seed: 11)
        // Odd lengths test the scalar tail; > widenChunk tests the parallel split.
        for count in [0, 1, 15, 16, 17, 1000, widenChunk + 33] {
            let bits = bf16(rng.floats(count, scale: 3))
            var fast = [Float](repeating: .nan, count: count)
            var plain = [Float](repeating: .nan, count: count)
            bits.withUnsafeBufferPointer { b in
                guard let src = b.baseAddress else { return }
                fast.withUnsafeMutableBufferPointer { widenBF16(src, $0.baseAddress!, count: count) }
                plain.withUnsafeMutableBufferPointer { convertBF16ToFloat(src, $0.baseAddress!, count: count) }
            }
            XCTAssertEqual(fast.map(\.bitPattern), plain.map(\.bitPattern), "count \(count)")
        }
    }

    func testBF16LinearMatchesReferenceOnWidenedWeights() {
        var rng = TestRandom(seed: 12)
        let rows = 5, inF = 40, outF = 24
        let x = rng.floats(rows * inF)
        let bits = bf16(rng.floats(outF * inF))
        let widened = bits.map { Float(bitPattern: UInt32($0) << 16) }
        let expected = matmulNTReference(x, widened, m: rows, n: outF, k: inF)
        var y = [Float](repeating: .nan, count: rows * outF)
        let scratch = ScratchBuffer()
        bits.withUnsafeBufferPointer { b in
            let w = Matrix(.bf16(b.baseAddress!), rows: outF, cols: inF)
            XCTAssertEqual(w.byteCount, outF * inF * 2)
            linear(&y, x, w, rows: rows, scratch: scratch)
            var row = [Float](repeating: 0, count: inF)
            w.copyRow(3, into: &row)
            XCTAssertEqual(row, Array(widened[(3 * inF)..<(4 * inF)]))
        }
        assertClose(y, expected, tolerance: 1e-5, "bf16 linear")
        // The same product with fp32 storage.
        widened.withUnsafeBufferPointer { w in
            linear(&y, x, Matrix(.f32(w.baseAddress!), rows: outF, cols: inF), rows: rows, scratch: scratch)
        }
        assertClose(y, expected, tolerance: 1e-5, "f32 linear")
    }
}

final class ClampedExpTests: XCTestCase {
    /// clampedExp against Double exp over the range softmax and SiLU use, and at the clamps.
    func testClampedExpIsWithinAFewUlps() {
        var worst: Double = 0
        var x: Float = -87
        while x < 88 {
            let exact = exp(Double(x))
            worst = max(worst, abs(Double(clampedExp(x)) - exact) / exact)
            x += 0.00731
        }
        print("clampedExp: max relative error = \(worst)")
        XCTAssertLessThan(worst, 2e-7)
        XCTAssertLessThan(clampedExp(-200), 1.3e-38)
        XCTAssertEqual(Double(clampedExp(100)), exp(88.0), accuracy: exp(88.0) * 1e-6)
        XCTAssertEqual(clampedExp(0), 1)
    }

    /// Long rows exercise the vector path of softmax and swiGLU (the shared tests use short ones).
    func testLongSoftmaxAndSwiGLUMatchReferences() {
        var rng = TestRandom(seed: 31)
        var x = rng.floats(1000, scale: 30)
        let expected = softmaxReference(x)
        softmax(&x, count: x.count)
        assertClose(x, expected, tolerance: 1e-6, "softmax 1000")
        var gate = rng.floats(333, scale: 12)
        let up = rng.floats(333, scale: 3)
        let act = swiGLUReference(gate: gate, up: up)
        swiGLU(&gate, up: up, count: gate.count)
        assertClose(gate, act, tolerance: 1e-5, "swiGLU 333")
    }
}
