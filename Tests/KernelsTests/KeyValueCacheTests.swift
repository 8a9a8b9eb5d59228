import XCTest
@testable import Kernels

final class KeyValueCacheTests: XCTestCase {
    /// Rows written in pieces at odd and even positions, with the cache growing in between, read the
    /// same as rows written at once; bf16 holds each value's nearest-even bits in the pair layout.
    func testPiecesAndGrowthKeepEveryRow() {
        var rng = TestRandom(seed: 31)
        let width = 6, total = 23
        let keys = rng.floats(total * width), values = rng.floats(total * width)
        for bf16 in [false, true] {
            let whole = KeyValueCache(width: width, bf16: bf16), pieces = KeyValueCache(width: width, bf16: bf16)
            whole.reserve(total, keeping: 0)
            whole.write(keys: keys, values: values, rows: total, at: 0)
            var at = 0
            for n in [3, 1, 4, 7, 8] {
                pieces.reserve(at + n, keeping: at)
                keys.withUnsafeBufferPointer { k in
                    values.withUnsafeBufferPointer { v in
                        pieces.write(keys: k.baseAddress! + at * width, values: v.baseAddress! + at * width, rows: n, at: at)
                    }
                }
                at += n
            }
            XCTAssertGreaterThanOrEqual(pieces.capacity, total)
            switch (whole.rows, pieces.rows) {
            case let (.fp32(k1, v1), .fp32(k2, v2)):
                XCTAssertFalse(bf16)
                for i in 0..<(total * width) {
                    XCTAssertEqual(k1[i], keys[i]); XCTAssertEqual(k2[i], keys[i])
                    XCTAssertEqual(v1[i], values[i]); XCTAssertEqual(v2[i], values[i])
                }
            case let (.bf16(k1, v1), .bf16(k2, v2)):
                XCTAssertTrue(bf16)
                for j in 0..<total {
                    for c in 0..<width {
                        let key = bf16Bits(keys[j * width + c]), value = bf16Bits(values[j * width + c])
                        XCTAssertEqual(k1[j * width + c], key); XCTAssertEqual(k2[j * width + c], key)
                        let pair = (j / 2) * 2 * width + 2 * c + (j & 1)
                        XCTAssertEqual(v1[pair], value); XCTAssertEqual(v2[pair], value)
                    }
                }
                // The half after the odd end is zero (the kernel reads whole pairs).
                for c in 0..<width {
                    XCTAssertEqual(v1[(total / 2) * 2 * width + 2 * c + 1], 0)
                    XCTAssertEqual(v2[(total / 2) * 2 * width + 2 * c + 1], 0)
                }
            default:
                XCTFail("the caches hold \(bf16 ? "bf16" : "fp32") rows")
            }
            XCTAssertEqual(whole.bytes(positions: total), bf16 ? (total * width / 2 + (total + 1) / 2 * width) * 4
                                                               : 2 * total * width * 4)
        }
    }
}
