import XCTest
@testable import Cases
import RerankCore

/// Every fast path of the parser against the plain reference kept beside it, on varied text:
/// ASCII, CJK, combining marks, non-ASCII whitespace (U+3000, U+00A0, U+0085, U+2028), CRLF and
/// lone CR, byte-order marks, control characters, labels and code spans.
final class CaseParsingFastPathTests: XCTestCase {
    /// Pieces the generated texts are made of; each is a place where a fast path could go wrong.
    private static let pieces: [String] = [
        "a", "word", "Zz9", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\u{0B}", "\u{0C}", "\u{1C}",
        "分手后不想哭", "笑", "e\u{301}", " \u{301}", "\u{301}", "\u{3000}", "\u{00A0}", "\u{0085}", "\u{2028}",
        "\u{200B}", "\u{FEFF}", "\u{0}", "\u{1B}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}x", "👍🏽", "한국어",
        "{rel=3}", "{rel=200}", "{ REL=1}", "{rel=x}", "{", "}", "`", "``", "\\`", "{rel=0}  ", "é",
        "{ rel=1}", "{\tREL=2}", "{rEl=5}", "{re", "{r\u{301}el=1}", "{\u{212A}", "{ 分", "{rel=\u{661}}",
        "\\", "\\{rel=1}", "\\\\{id=a}",
    ]

    /// A deterministic generator (a 64-bit LCG), so a failure can be replayed.
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private func texts(count: Int, seed: UInt64, asciiOnly: Bool = false) -> [String] {
        var generator = Generator(state: seed)
        let pieces = asciiOnly ? Self.pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : Self.pieces
        return (0..<count).map { _ in
            (0..<generator.next(40)).map { _ in pieces[generator.next(pieces.count)] }.joined()
        }
    }

    func testControlCharacterRangeMatchesTheUnicodeCategoryOnEveryScalar() {
        var checked = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if ControlCharacters.isForbidden(scalar) != ControlCharacters.referenceIsForbidden(scalar) {
                XCTFail("U+\(String(value, radix: 16)): fast and reference disagree")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 0x110000 - 0x800)
    }

    func testControlCharacterProblemsMatchTheReference() {
        for seed in UInt64(1)...20 {
            let lines = texts(count: 50, seed: seed).flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
                .map(String.init)
            let numbers = Array(1...lines.count)
            let fast = ControlCharacters.problems(lines: lines, numbers: numbers, path: "a.md")
            XCTAssertEqual(fast, ControlCharacters.referenceProblems(lines: lines, numbers: numbers, path: "a.md"))
        }
        let found = ControlCharacters.problems(lines: ["ok", "a\u{1B}b\u{85}\u{7F}", "\u{9F}"], numbers: [1, 2, 3],
                                               path: "a.md")
        XCTAssertEqual(found.map(\.location.line), [2, 3], "the comparison above must be able to fail")
        XCTAssertEqual(found.first?.location.column, 2)
        XCTAssertEqual(found.first?.message.contains("(and 2 more on this line)"), true)
    }

    func testWhitespaceNormalisationMatchesTheReference() {
        for text in texts(count: 400, seed: 7) + texts(count: 400, seed: 8, asciiOnly: true) {
            XCTAssertEqual(normalizedWhitespace(text), referenceNormalizedWhitespace(text), "\(Array(text.unicodeScalars))")
        }
        // Every ASCII byte between letters, alone and in runs.
        for byte in UInt8(0)..<0x80 {
            let character = String(decoding: [byte], as: UTF8.self)
            for text in ["a\(character)b", "\(character)a\(character)\(character)b\(character)", character] {
                XCTAssertEqual(normalizedWhitespace(text), referenceNormalizedWhitespace(text), "byte \(byte)")
            }
        }
        XCTAssertEqual(normalizedWhitespace(" a \r\n\t b\u{0B}"), "a b")
        XCTAssertEqual(normalizedWhitespace("a\u{3000}b\u{00A0} c"), "a b c")
    }

    func testLineSplittingMatchesTheReference() {
        for text in texts(count: 400, seed: 11) + texts(count: 100, seed: 12).map({ "\u{FEFF}" + $0 }) + ["", "\r", "\n\r"] {
            XCTAssertEqual(SourceText.splitLines(text), SourceText.referenceLines(text), "\(Array(text.unicodeScalars))")
        }
        XCTAssertEqual(SourceText("\u{FEFF}a\r\nb\rc\n").lines, ["a", "b", "c", ""])
    }

    func testDecodingMatchesTheReference() {
        let broken: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0xF4, 0x90, 0x80, 0x80],
                                 [0x80], [0xE2, 0x82], [0xC2]]
        var generator = Generator(state: 3)
        for text in texts(count: 300, seed: 13) {
            let bytes = Array(text.utf8)
            XCTAssertEqual(UTF8Decoding.decode(bytes, path: "a.md"), UTF8Decoding.referenceDecode(bytes, path: "a.md"))
            // The same bytes with a bad sequence somewhere (possibly inside a character).
            var bad = bytes
            bad.insert(contentsOf: broken[generator.next(broken.count)], at: generator.next(bytes.count + 1))
            let fast = UTF8Decoding.decode(bad, path: "a.md")
            XCTAssertEqual(fast, UTF8Decoding.referenceDecode(bad, path: "a.md"))
            if case .success = fast { XCTFail("\(bad) is not UTF-8") }
        }
    }

    func testLabelExtractionMatchesTheReference() {
        for seed in UInt64(1)...300 {
            let paragraph = texts(count: 4, seed: seed + 100).map { $0.replacingOccurrences(of: "\r", with: "") }
                .joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            let lines = paragraph.enumerated().map { TextLine(text: String($1), line: $0 + 3, cut: $0 == 0 ? 3 : 0) }
            var fastLabels: [RelevanceLabel] = [], fastProblems: [CaseProblem] = []
            var plainLabels: [RelevanceLabel] = [], plainProblems: [CaseProblem] = []
            let fast = RelevanceLabel.extract(from: lines, path: "a.md", labels: &fastLabels, problems: &fastProblems)
            let plain = RelevanceLabel.referenceExtract(from: lines, path: "a.md", labels: &plainLabels,
                                                        problems: &plainProblems)
            XCTAssertEqual(fast.map(\.text), plain.map(\.text))
            XCTAssertEqual(fast.map(\.line), plain.map(\.line))
            XCTAssertEqual(fast.map(\.cut), plain.map(\.cut))
            XCTAssertEqual(fastLabels.map(\.value), plainLabels.map(\.value))
            XCTAssertEqual(fastLabels.map(\.location), plainLabels.map(\.location))
            XCTAssertEqual(fastProblems, plainProblems)
        }
    }

    /// Files parsed on every core give the outcomes of parsing them one by one, in path order.
    func testParallelParsingGivesTheSequentialOutcomes() {
        var sources: [CaseSource] = []
        for index in 0..<60 {
            var text = "## Query\n\nq\(index)\n\n## Candidates\n\n1. one {rel=1}\n2. two {rel=\(index % 3 == 0 ? "x" : "0")}\n"
            if index % 7 == 0 { text = "---\ndraft: true\n---\n" + text }
            if index % 11 == 0 { text += "3. one {rel=2}\n" }
            var bytes = Array(text.utf8)
            if index % 13 == 0 { bytes.insert(0xFF, at: 5) }
            sources.append(CaseSource(path: "s\(index % 4)/case-\(String(format: "%03d", 59 - index)).md", bytes: bytes))
        }
        let parallel = CaseSet.readEach(sources)
        let oneByOne = sources.map { CaseSet.readEach([$0])[0] }
        XCTAssertEqual(parallel.count, sources.count)
        for (fast, plain) in zip(parallel, oneByOne) {
            switch (fast, plain) {
            case (.success(let a), .success(let b)):
                XCTAssertEqual(a.caseFile, b.caseFile); XCTAssertEqual(a.problems, b.problems)
                XCTAssertEqual(a.isDraft, b.isDraft)
            case (.failure(let a), .failure(let b)):
                XCTAssertEqual(a, b)
            default:
                XCTFail("parallel and one-by-one outcomes differ")
            }
        }
        let first = CaseSet.parse(sources, includeDrafts: true)
        XCTAssertEqual(first, CaseSet.parse(sources.reversed(), includeDrafts: true))
        guard case .failure(let problems) = first else { return XCTFail("the set has problems") }
        XCTAssertEqual(problems.problems, problems.problems.sorted(by: CaseProblem.reportOrder))
    }
}
