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
