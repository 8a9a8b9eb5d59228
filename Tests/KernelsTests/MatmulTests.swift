import XCTest
@testable import Kernels

final class MatmulTests: XCTestCase {
    func testLinearMatchesReference() {
        var rng = TestRandom(seed: 1)
        for (rows, inF, outF) in [(1, 64, 96), (7, 33, 5), (130, 64, 200)] {
            let x = rng.floats(rows * inF), w = rng.floats(outF * inF)
            var y = [Float](repeating: .nan, count: rows * outF)
            linear(&y, x, w, rows: rows, inFeatures: inF, outFeatures: outF)
            assertClose(y, matmulNTReference(x, w, m: rows, n: outF, k: inF), tolerance: 1e-4,
                        "linear \(rows)x\(inF)->\(outF)")
        }
    }

    func testStridedProductsMatchReference() {
        // A [3, 4] slice of a [3, 10] buffer times a [5, 4] slice of a [5, 6] buffer.
        var rng = TestRandom(seed: 2)
        let big = rng.floats(3 * 10), other = rng.floats(5 * 6)
        let a = (0..<3).flatMap { r in big[(r * 10 + 2)..<(r * 10 + 6)] }
        let b = (0..<5).flatMap { r in other[(r * 6 + 1)..<(r * 6 + 5)] }
        var c = [Float](repeating: 0, count: 3 * 5)
        big.withUnsafeBufferPointer { bp in
            other.withUnsafeBufferPointer { op in
                matmulNT(&c, ldc: 5, bp.baseAddress! + 2, lda: 10, op.baseAddress! + 1, ldb: 6, m: 3, n: 5, k: 4)
            }
        }
        assertClose(c, matmulNTReference(a, b, m: 3, n: 5, k: 4), tolerance: 1e-5, "strided NT")

        // NN with beta = 1 accumulates.
        let p = rng.floats(3 * 4), v = rng.floats(4 * 2)
        var acc = [Float](repeating: 1, count: 3 * 2)
        matmulNN(&acc, ldc: 2, p, lda: 4, v, ldb: 2, m: 3, n: 2, k: 4, beta: 1)
        let expected = matmulNNReference(p, v, m: 3, n: 2, k: 4).map { $0 + 1 }
        assertClose(acc, expected, tolerance: 1e-5, "NN beta=1")
    }
}
