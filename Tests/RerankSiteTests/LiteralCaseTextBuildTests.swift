import Foundation
import XCTest
@testable import RerankSite

/// Case text that looks like HTML or Markdown goes through a whole build as text: the exports
/// hold it as written with its label, and the page shows it escaped, never as markup.
final class LiteralCaseTextBuildTests: XCTestCase {
    func testHTMLLookingCaseTextReachesResultsAndPageLiterally() async throws {
        let project = try TestProject(config: baselineConfig, cases: ["html.md": """
            ## Query

            <div> vs <span>

            ## Rewrites

            - <script>alert("x")</script> difference

            ## Candidates

            1. </td></tr> oops {rel=1}
            2. <!-- … --> text {rel=0}
            3. use `{rel=2}` as the label syntax & <b>bold</b> {rel=2}

            """])
        defer { project.remove() }
        _ = try await project.build()

        let results = try JSONSerialization.jsonObject(with: Data(project.text("data/results.json").utf8))
        let cases = try XCTUnwrap((results as? [String: Any])?["cases"] as? [[String: Any]])
        let caseFile = try XCTUnwrap(cases.first)
        XCTAssertEqual(caseFile["query"] as? String, "<div> vs <span>")
        XCTAssertEqual(caseFile["rewrites"] as? [String], ["<script>alert(\"x\")</script> difference"])
        let candidates = try XCTUnwrap(caseFile["candidates"] as? [[String: Any]])
        XCTAssertEqual(candidates.map { $0["text"] as? String },
                       ["</td></tr> oops", "<!-- … --> text", "use `{rel=2}` as the label syntax & <b>bold</b>"])
        XCTAssertEqual(candidates.map { $0["label"] as? Int }, [1, 0, 2])

        let page = try project.text("cases/html.html")
        XCTAssertTrue(page.contains("&lt;div&gt; vs &lt;span&gt;"), "query not escaped")
        XCTAssertTrue(page.contains("&lt;/td&gt;&lt;/tr&gt; oops"), "candidate not escaped")
        XCTAssertTrue(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; difference"))
        XCTAssertTrue(page.contains("&lt;!-- … --&gt; text"))
        XCTAssertFalse(page.contains("<script>"), "a case's text reached the page as markup")
        XCTAssertFalse(page.contains("</td></tr> oops"), "a case's text reached the page as markup")
    }
}
