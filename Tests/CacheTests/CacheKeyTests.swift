import XCTest
@testable import Cache
import RerankCore

final class CacheKeyTests: XCTestCase {
    func key(_ scorer: Scorer, instruction: String = "i", query: String = "q", document: String = "d",
             collection: [String] = ["d", "e"], position: Int? = nil) -> String {
        cacheKey(scorer: scorer, instruction: instruction, query: query, document: document,
                 collection: collection, position: position)
    }

    func testPairScorerKey() {
        let reader = CountingScorer(usesInstruction: true)
        let base = key(reader)
        XCTAssertEqual(base.count, 64)
        XCTAssertEqual(base, key(reader), "deterministic")
        XCTAssertNotEqual(base, key(reader, instruction: "j"))
        XCTAssertNotEqual(base, key(reader, query: "q2"))
        XCTAssertNotEqual(base, key(reader, document: "d2"))
        XCTAssertEqual(base, key(reader, collection: ["x"]), "a pair scorer ignores the collection")
        XCTAssertEqual(base, key(CountingScorer(id: "renamed", usesInstruction: true)), "the id is not in the key")
        XCTAssertNotEqual(base, key(CountingScorer(fingerprint: "fake:v2", usesInstruction: true)))
        XCTAssertNotEqual(base, key(CountingScorer(kind: "other", usesInstruction: true)))
        // Field boundaries cannot be shifted.
        XCTAssertNotEqual(key(reader, query: "ab", document: "c"), key(reader, query: "a", document: "bc"))

        let blind = CountingScorer(usesInstruction: false)
        XCTAssertEqual(key(blind, instruction: "one"), key(blind, instruction: "two"))
    }

    func testCollectionScorerKey() {
        let bm25 = BM25Scorer()
        let base = key(bm25)
        XCTAssertNotEqual(base, key(bm25, collection: ["d", "e", "f"]))
        XCTAssertNotEqual(base, key(bm25, collection: ["e", "d"]))
        XCTAssertEqual(base, key(bm25, position: 0), "the default position is the first occurrence")
        XCTAssertNotEqual(key(bm25, collection: ["d", "d"], position: 0), key(bm25, collection: ["d", "d"], position: 1))
        XCTAssertEqual(base, key(bm25, instruction: "other"), "BM25 does not read the instruction")
        XCTAssertEqual(base, key(BM25Scorer(id: "bm25-copy")))
    }
}
