import Foundation
import XCTest
import RerankCore
@testable import SiteRender

/// Above 200 cases the index lists sections; each section has pages of 100 cases in input order
/// and sorted by each scorer's NDCG@10, every link resolves and every page stays small.
final class SectionPagesTests: XCTestCase {
    private func manyCases(_ count: Int) -> SiteResults {
        var results = SampleResults.make()
        let samples = results.cases
        results.cases = (0..<count).map { k in
            var c = samples[k % samples.count]
            let section = k % 2 == 0 ? "alpha" : "beta"
            c.file.section = [section]
            c.file.slug = "\(section)/case-\(k)"
            c.file.path = c.file.slug + ".md"
            c.file.title = "Case \(k)"
            return c
        }
        return results
    }

    func testSmallSitesKeepTheInlineList() throws {
        let files = try renderSite(SampleResults.make(), theme: .builtIn)
        XCTAssertTrue(text(files, "index.html").contains("class=\"case-item\""))
        XCTAssertFalse(files.keys.contains { $0.hasPrefix("sections/") })
    }

    func testLargeSitesGetSectionPagesSortedByMetric() throws {
        let results = manyCases(250)
        let files = try renderSite(results, theme: .builtIn)
        let index = text(files, "index.html")
        XCTAssertFalse(index.contains("class=\"case-item\""))
        XCTAssertTrue(index.contains("href=\"sections/alpha/input-order-1.html\""))
        XCTAssertTrue(index.contains("href=\"sections/beta/ndcg-bm25-1.html\""))
        // 125 cases a section: two pages per ordering; 1 + 3 scorers orderings.
        let alpha = files.keys.filter { $0.hasPrefix("sections/alpha/") }.sorted()
        XCTAssertEqual(alpha.count, 2 * 4, "\(alpha)")
        XCTAssertEqual(checkLinks(files), [])
        let pageSizes = files.filter { $0.key.hasSuffix(".html") }.map(\.value.count)
        XCTAssertLessThan(pageSizes.max() ?? 0, 1_000_000)

        // Input order: case 0, 2, 4, … on page 1; case 200 first on page 2.
        let firstPage = text(files, "sections/alpha/input-order-1.html")
        XCTAssertLessThan(try XCTUnwrap(firstPage.range(of: ">Case 0<")).lowerBound,
                          try XCTUnwrap(firstPage.range(of: ">Case 2<")).lowerBound)
        XCTAssertTrue(text(files, "sections/alpha/input-order-2.html").contains(">Case 200<"))
        // By qwen3-0.6b's NDCG@10: the values on the pages rise, page after page.
        let values = ["sections/alpha/ndcg-qwen3-0.6b-1.html", "sections/alpha/ndcg-qwen3-0.6b-2.html"].flatMap { path in
            text(files, path).components(separatedBy: "<tr>").dropFirst(2).compactMap { row -> Double? in
                let cells = row.components(separatedBy: "<td class=\"num\">").dropFirst()
                return cells.dropFirst(4).first.flatMap { Double($0.prefix { $0 != "<" }) }
            }
        }
        XCTAssertFalse(values.isEmpty)
        XCTAssertEqual(values, values.sorted())
    }
}
