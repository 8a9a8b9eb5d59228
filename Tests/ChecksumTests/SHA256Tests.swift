import XCTest
@testable import Checksum

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex("分手后不想哭"), "01f38a949c8714a79fae35d154a44fb00f68a16870559238162dddf93a6e92a8")
    }

    func testStreamingEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for split in [0, 1, 55, 56, 63, 64, 65, 500, 999] {
            var s = SHA256()
            s.update(Array(bytes[..<split])); s.update(Array(bytes[split...]))
            XCTAssertEqual(s.hexDigest(), SHA256.hex(bytes), "split at \(split)")
        }
        // A million 'a' (FIPS 180-2 appendix B.3).
        var m = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { m.update(chunk) }
        XCTAssertEqual(m.hexDigest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The unrolled compression function against the plain one, on pseudo-random states and
    /// blocks (an LCG, so a failure can be replayed), chained so each output is the next input.
    func testCompressionEqualsTheReference() {
        var seed: UInt64 = 42
        func next() -> UInt32 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt32(truncatingIfNeeded: seed >> 32)
        }
        var fast: SHA256.State = (next(), next(), next(), next(), next(), next(), next(), next())
        var plain = fast
        for round in 0..<2000 {
            // Odd offsets too: blocks are read straight from callers' buffers, aligned or not.
            let bytes = (0..<(64 + round % 4)).map { _ in UInt8(truncatingIfNeeded: next()) }
            bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                let block = base + round % 4
                fast = SHA256.k.withUnsafeBufferPointer { SHA256.compress(fast, block, $0) }
                plain = SHA256.referenceCompress(plain, block)
            }
            let (f, p) = (fast, plain)
            guard [f.0, f.1, f.2, f.3, f.4, f.5, f.6, f.7] == [p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7] else {
                return XCTFail("compression differs from the reference at block \(round)")
            }
        }
    }
}

final class SHA1Tests: XCTestCase {
    func testKnownVectors() {
        func hex(_ s: String) -> String { var h = SHA1(); h.update(Array(s.utf8)); return h.hexDigest() }
        XCTAssertEqual(hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }
}
