import XCTest
@testable import Tokenizers

/// NFC as HF tokenizers does it (Unicode 9.0 tables), checked on cases measured with HF.
final class NormalizerTests: XCTestCase {
    private func nfc(_ text: String) -> [UInt32] {
        var text = text
        let out = text.withUTF8 { Normalizer.apply([.nfc], to: $0) } ?? Array(text.utf8)
        return String(decoding: out, as: UTF8.self).unicodeScalars.map(\.value)
    }

    private func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    func testComposesAndReorders() {
        XCTAssertEqual(nfc("e\u{301}"), [0xE9])
        XCTAssertEqual(nfc("e\u{302}\u{323}"), [0x1EC7])            // ccc 230 then 220: reordered, composed
        XCTAssertEqual(nfc("\u{212B}"), [0xC5])                      // singleton ANGSTROM SIGN
        XCTAssertEqual(nfc("\u{B47}\u{B3E}"), [0xB4B])               // two starters compose
    }

    func testHangulComposition() {
        XCTAssertEqual(nfc("\u{1100}\u{1161}\u{11A8}"), [0xAC01])
        XCTAssertEqual(nfc("\u{AC00}\u{11A8}"), [0xAC01])            // LV + T (Foundation leaves it)
        XCTAssertEqual(nfc("\u{AC01}\u{11A8}"), [0xAC01, 0x11A8])    // LVT + T does not compose
    }

    func testScalarsNewerThanUnicode9AreInert() {
        XCTAssertEqual(nfc("\u{11935}\u{11930}"), [0x11935, 0x11930])      // U+11938 is Unicode 13
        XCTAssertEqual(nfc("a\u{898}\u{316}"), [0x61, 0x898, 0x316])        // mark from 14.0: not reordered
        XCTAssertEqual(nfc("e\u{301}\u{898}e\u{301}"), [0xE9, 0x898, 0xE9])
    }

    func testAlreadyNormalizedTextIsLeftAlone() {
        var text = "plain ASCII, 中文, café, 한국어"
        XCTAssertNil(text.withUTF8 { Normalizer.apply([.nfc], to: $0) })
        XCTAssertEqual(nfc(text), scalars(text))
    }
}
