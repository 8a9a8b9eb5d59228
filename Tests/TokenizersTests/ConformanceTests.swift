import Foundation
import XCTest
@testable import Tokenizers

/// The real Qwen3 tokenizer against HF tokenizers' output on the generated texts.
final class ConformanceTests: XCTestCase {
    func testPromptSuffixAndAnswerTokens() throws {
        let tokenizer = try Fixtures.qwen3()
        XCTAssertEqual(tokenizer.encode("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"),
                       [151645, 198, 151644, 77091, 198, 151667, 271, 151668, 271])
        XCTAssertEqual(tokenizer.encode("yes"), [9693])
        XCTAssertEqual(tokenizer.encode("no"), [2152])
        XCTAssertEqual(tokenizer.tokenID("yes"), 9693)
        XCTAssertEqual(tokenizer.tokenID("no"), 2152)
        XCTAssertEqual(tokenizer.tokenID("<|im_end|>"), 151645)
        XCTAssertEqual(tokenizer.tokenID("</think>"), 151668)
        XCTAssertNil(tokenizer.tokenID("no such token"))
        XCTAssertEqual(tokenizer.vocabularySize, 151669)
    }

    func testEncodeMatchesHuggingFace() throws {
        let tokenizer = try Fixtures.qwen3()
        let rows = try Fixtures.jsonLines("conformance.jsonl")
        var mismatches: [String] = []
        for (index, row) in rows.enumerated() {
            guard let text = row["text"] as? String else {
                XCTFail("conformance.jsonl line \(index + 1): no text")
                continue
            }
            let expected = Fixtures.ids(row["ids"])
            let got = tokenizer.encode(text)
            if got != expected {
                let at = zip(got, expected).prefix { $0 == $1 }.count
                let from = max(0, at - 3)
                mismatches.append("line \(index + 1) \(text.debugDescription.prefix(120)):\n    from id #\(from):\n"
                                  + "    HF    \(expected.dropFirst(from).prefix(24))\n    Swift \(got.dropFirst(from).prefix(24))")
            }
        }
        print("tokenizer conformance: \(rows.count) strings, \(mismatches.count) mismatches")
        XCTAssertGreaterThanOrEqual(rows.count, 1000, "conformance.jsonl is too small")
        XCTAssertTrue(mismatches.isEmpty, "first mismatches:\n" + mismatches.prefix(5).joined(separator: "\n"))
    }

    func testDecodeMatchesHuggingFace() throws {
        let tokenizer = try Fixtures.qwen3()
        let rows = try Fixtures.jsonLines("decode.jsonl")
        var mismatches: [String] = []
        for (index, row) in rows.enumerated() {
            let ids = Fixtures.ids(row["ids"])
            let expected = row["text"] as? String ?? ""
            let got = tokenizer.decode(ids)
            if Array(got.unicodeScalars) != Array(expected.unicodeScalars) {
                mismatches.append("line \(index + 1) \(ids.prefix(12)):\n    HF    \(expected.debugDescription.prefix(120))\n    Swift \(got.debugDescription.prefix(120))")
            }
        }
        print("tokenizer decode conformance: \(rows.count) id lists, \(mismatches.count) mismatches")
        XCTAssertTrue(mismatches.isEmpty, "first mismatches:\n" + mismatches.prefix(5).joined(separator: "\n"))
    }

    /// Every Unicode scalar's class (letter, number, whitespace, other) as HF's regex engine sees it.
    func testScalarClassesMatchHuggingFace() throws {
        let url = try Fixtures.file("scalar_classes.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var mismatches: [String] = []
        var covered = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let first = UInt32(fields[0], radix: 16), let last = UInt32(fields[1], radix: 16) else {
                XCTFail("scalar_classes.txt: bad line \(line)")
                continue
            }
            let expected: ScalarClass
            switch fields[2] {
            case "L": expected = .letter
            case "N": expected = .number
            case "S": expected = .space
            default: expected = .other
            }
            for value in first...last where !(0xD800...0xDFFF).contains(value) {
                covered += 1
                let got = ScalarClass(rawValue: ScalarClass.of(value).rawValue & ScalarClass.regexMask).subtracting(.newline)
                if got != expected && mismatches.count < 20 {
                    mismatches.append("U+\(String(value, radix: 16, uppercase: true)): HF \(fields[2]), Swift \(got.rawValue)")
                }
            }
        }
        XCTAssertEqual(covered, 0x110000 - 0x800, "scalar_classes.txt does not cover every scalar")
        XCTAssertTrue(mismatches.isEmpty, mismatches.joined(separator: "\n"))
    }

    /// decode(encode(text)) gives back the text as normalized (NFC outside added tokens), scalar
    /// for scalar; and the normalized text is the NFC form Foundation gives where no scalar newer
    /// than Unicode 9.0 is involved.
    func testDecodeRoundTrip() throws {
        let tokenizer = try Fixtures.qwen3()
        let rows = try Fixtures.jsonLines("conformance.jsonl")
        var failures: [String] = []
        for row in rows {
            guard let text = row["text"] as? String else { continue }
            let expected = tokenizer.normalizedText(text)
            let back = tokenizer.decode(tokenizer.encode(text))
            if Array(back.unicodeScalars) != Array(expected.unicodeScalars) {
                failures.append("\(text.debugDescription.prefix(80)) -> \(back.debugDescription.prefix(80))")
            }
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) round trips failed, first:\n" + failures.prefix(5).joined(separator: "\n"))
        let plain = "Cafe\u{301} na\u{131}ve <|im_end|> \u{1100}\u{1161}\u{11A8}"
        XCTAssertEqual(Array(tokenizer.decode(tokenizer.encode(plain)).unicodeScalars),
                       Array("Caf\u{E9} na\u{131}ve <|im_end|> \u{AC01}".unicodeScalars))
    }
}

/// One tokenizer shared by several threads gives every thread the ids it gives one thread.
final class ConcurrencyTests: XCTestCase {
    func testConcurrentEncodesAgree() throws {
        let tokenizer = try Fixtures.qwen3()
        let texts = try Fixtures.jsonLines("conformance.jsonl").prefix(600).compactMap { $0["text"] as? String }
        let serial = texts.map { tokenizer.encode($0) }
        let lock = NSLock()
        var disagreements = 0
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            // Each worker walks the texts from a different place, so the cache is hit in every order.
            var local = 0
            for k in 0..<texts.count {
                let index = (k + worker * texts.count / 4) % texts.count
                if tokenizer.encode(texts[index]) != serial[index] { local += 1 }
            }
            lock.lock()
            disagreements += local
            lock.unlock()
        }
        XCTAssertEqual(disagreements, 0)
    }
}
