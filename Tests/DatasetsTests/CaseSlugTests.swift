@testable import Datasets
import XCTest

final class CaseSlugTests: XCTestCase {
    func testSlugKeepsLettersAndDigitsOfAnyScript() {
        XCTAssertEqual(CaseSlug.make("What is BM25?"), "what-is-bm25")
        XCTAssertEqual(CaseSlug.make("  苹果手机 怎么清理  "), "苹果手机-怎么清理")
        XCTAssertEqual(CaseSlug.make("q.1/2#x"), "q-1-2-x")
        XCTAssertEqual(CaseSlug.make("???"), "")
    }

    func testCollisionsGetNumbersInInputOrderAndReadmeIsNeverUsed() {
        func item(_ key: String?, _ query: String, section: [String] = []) -> ImportedCase {
            var c = ImportedCase(key: key, query: query, candidates: [], file: "f", line: 1)
            c.section = section
            return c
        }
        let stems = CaseSlug.assign([item("q.1", "a"), item("q-1", "b"), item(nil, "Q 1"), item("README", "c"),
                                     item("q1", "d", section: ["x"]), item(nil, "!!!")])
        XCTAssertEqual(stems, ["q-1", "q-1-2", "q-1-3", "readme-2", "q1", "case"])
    }

    func testSampleIsDeterministicAndKeepsInputOrder() {
        let a = CaseSelection.indices(count: 100, sample: 10, seed: 7, limit: nil)
        XCTAssertEqual(a, CaseSelection.indices(count: 100, sample: 10, seed: 7, limit: nil))
        XCTAssertEqual(a.count, 10)
        XCTAssertEqual(a, a.sorted())
        XCTAssertNotEqual(a, CaseSelection.indices(count: 100, sample: 10, seed: 8, limit: nil))
        XCTAssertEqual(CaseSelection.indices(count: 5, sample: nil, seed: 0, limit: 2), [0, 1])
    }
}
