import RerankCore
import XCTest

/// The TREC run line, the one format import (Datasets) and `kind: run` (RerankSite) read and the
/// exports write.
final class TrecRunLineTests: XCTestCase {
    func testReadsSpacesTabsAndACarriageReturn() {
        XCTAssertEqual(TrecRunLine.parse(Array("q1 Q0 doc-7 3 0.25 bm25".utf8)),
                       .line(TrecRunLine(queryID: "q1", docid: "doc-7", score: 0.25)))
        XCTAssertEqual(TrecRunLine.parse("music/breakup\tQ0\tc2\t1\t-1.5e-3\trun\r".utf8),
                       .line(TrecRunLine(queryID: "music/breakup", docid: "c2", score: -0.0015)))
        XCTAssertEqual(TrecRunLine.parse(Array("  \t ".utf8)), .blank)
        XCTAssertEqual(TrecRunLine.parse(Array("".utf8)), .blank)
    }

    func testRefusesWrongFieldCountsAndScoresThatAreNotFiniteNumbers() {
        XCTAssertEqual(TrecRunLine.parse(Array("q1 Q0 doc 1 0.5".utf8)),
                       .problem("expected 6 fields 'qid Q0 docid rank score tag', found 5"))
        XCTAssertEqual(TrecRunLine.parse(Array("q1 Q0 doc 1 0.5 run extra".utf8)),
                       .problem("expected 6 fields 'qid Q0 docid rank score tag', found 7"))
        for bad in ["nan", "inf", "-inf", "1e999", "0x10", "ten", "+"] {
            XCTAssertEqual(TrecRunLine.parse(Array("q Q0 d 1 \(bad) run".utf8)), .problem("score '\(bad)' is not a finite number"), bad)
        }
    }

    func testWrittenLinesReadBack() {
        let text = TrecRunLine.text(queryID: "social/a_b", docid: "c0", rank: 1, score: "0.875", tag: "qwen3")
        XCTAssertEqual(text, "social/a_b Q0 c0 1 0.875 qwen3\n")
        XCTAssertEqual(TrecRunLine.parse(Array(text.utf8.dropLast())),
                       .line(TrecRunLine(queryID: "social/a_b", docid: "c0", score: 0.875)))
    }
}
