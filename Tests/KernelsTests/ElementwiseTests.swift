import XCTest
@testable import Kernels

final class ElementwiseTests: XCTestCase {
    func testRMSNormMatchesReference() {
        var rng = TestRandom(seed: 3)
        let rows = 5, width = 67
        let x = rng.floats(rows * width, scale: 3), w = rng.floats(width)
        var y = [Float](repeating: 0, count: rows * width)
        rmsNorm(&y, x, weight: w, rows: rows, width: width, eps: 1e-6)
        assertClose(y, rmsNormReference(x, weight: w, rows: rows, width: width, eps: 1e-6), tolerance: 1e-5, "rmsNorm")
        // In place gives the same.
        var z = x
        z.withUnsafeMutableBufferPointer { zp in
            rmsNorm(zp.baseAddress!, zp.baseAddress!, weight: w, rows: rows, width: width, eps: 1e-6)
        }
        XCTAssertEqual(z, y)
    }

    func testSoftmaxMatchesReference() {
        var rng = TestRandom(seed: 4)
        var x = rng.floats(100, scale: 20)
        let expected = softmaxReference(x)
        softmax(&x, count: x.count)
        assertClose(x, expected, tolerance: 1e-6, "softmax")
        XCTAssertEqual(x.reduce(0, +), 1, accuracy: 1e-5)
    }

    func testSwiGLUMatchesReference() {
        var rng = TestRandom(seed: 5)
        var gate = rng.floats(257, scale: 8)
        let up = rng.floats(257, scale: 2)
        let expected = swiGLUReference(gate: gate, up: up)
        swiGLU(&gate, up: up, count: gate.count)
        assertClose(gate, expected, tolerance: 1e-5, "swiGLU")
        XCTAssertEqual(siluReference(0), 0)
        XCTAssertEqual(siluReference(1), 0.7310585786, accuracy: 1e-9)
    }

    func testRoPEMatchesReference() {
        var rng = TestRandom(seed: 6)
        let rows = 6, heads = 3, headDim = 16
        var x = rng.floats(rows * heads * headDim)
        let original = x
        let positions: [Int32] = [0, 1, 2, 17, 300, 511]
        let expected = ropeReference(x, rows: rows, heads: heads, headDim: headDim,
                                     positions: positions.map(Int.init), theta: 1_000_000)
        let table = RoPETable(headDim: headDim, theta: 1_000_000)
        table.reserve(positions: 512)
        table.apply(&x, rows: rows, heads: heads, positions: positions)
        assertClose(x, expected, tolerance: 2e-5, "rope")
        // Position 0 is the identity.
        XCTAssertEqual(Array(x[0..<(heads * headDim)]), Array(original[0..<(heads * headDim)]))
    }

    func testHalfAndBF16Conversions() {
        let halves: [UInt16] = [0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x7c00, 0x3555]
        var out = [Float](repeating: 0, count: halves.count)
        convertF16ToFloat(halves, &out, count: halves.count)
        XCTAssertEqual(out[0], 0); XCTAssertEqual(out[1].sign, .minus)
        XCTAssertEqual(out[2], 1); XCTAssertEqual(out[3], -2); XCTAssertEqual(out[4], 65504)
        XCTAssertEqual(out[5], 5.9604645e-8); XCTAssertEqual(out[6], 6.097555e-5)
        XCTAssertEqual(out[7], .infinity); XCTAssertEqual(out[8], 0.33325195)
        let bf: [UInt16] = [0x3f80, 0xc040, 0x3eaa]
        var outB = [Float](repeating: 0, count: 3)
        convertBF16ToFloat(bf, &outB, count: 3)
        XCTAssertEqual(outB, [1, -3, 0.33203125])
    }

    func testScratchBufferGrowsOnlyWhenTooSmall() {
        let buffer = ScratchBuffer()
        let p1 = buffer.reserve(100)
        XCTAssertGreaterThanOrEqual(buffer.capacity, 100)
        XCTAssertEqual(buffer.reserve(50), p1)
        XCTAssertEqual(Int(bitPattern: p1) % 64, 0)
        buffer.reserve(1000)
        XCTAssertGreaterThanOrEqual(buffer.capacity, 1000)
    }
}
