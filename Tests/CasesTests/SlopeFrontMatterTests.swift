import Cases
import RerankCore
import XCTest

/// `slope: [FROM, TO]` in the front matter names the two rankings the case page's slope chart joins.
final class SlopeFrontMatterTests: XCTestCase {
    func testTwoNamedRankings() {
        let parsed = parseCase("---\nslope: [bm25, qwen3-8b/fused@2]\n---\n" + minimalBody)
        XCTAssertEqual(parsed?.slope, [RankingColumn(scorer: "bm25"),
                                       RankingColumn(scorer: "qwen3-8b", instruction: 2, variant: .fused)])
        XCTAssertNil(parseCase(minimalBody)?.slope, "no key: the default chart")
    }

    func testEveryBadEntryIsReportedAtItsColumn() {
        let found = problems("---\nslope: [bm25/best, \"@0\"]\n---\n" + minimalBody)
        XCTAssertEqual(found.map(\.field), ["slope", "slope"])
        XCTAssertEqual(found.map(\.location.column), [9, 20])
        XCTAssertTrue(found[0].message.contains("must be query, rewrite-N or fused"), found[0].message)
        XCTAssertTrue(found[1].message.contains("instruction's number"), found[1].message)
        assertOneProblem(problems("---\nslope: qwen3-8b\n---\n" + minimalBody),
                         line: 2, column: 8, field: "slope", containing: "expected two rankings to join")
    }

    func testColumnSpecs() {
        XCTAssertEqual(try RankingColumn.parse("a/b/rewrite-3").get(), RankingColumn(scorer: "a/b", variant: .rewrite(3)))
        XCTAssertEqual(try RankingColumn.parse("qwen@3").get().instruction, 3)
        XCTAssertEqual(RankingColumn(scorer: "q", instruction: 2, variant: .rewrite(1)).spec, "q/rewrite-1@2")
        XCTAssertThrowsError(try RankingColumn.parse("/fused").get())
        XCTAssertTrue(RankingColumn(scorer: "q", variant: .fused).matches(.fused(.rrf)))
        XCTAssertFalse(RankingColumn(scorer: "q", variant: .rewrite(2)).matches(.rewrite(1)))
    }
}
