import Cases
import Foundation
import RerankCore
import XCTest

/// Parses the complete example of docs/case-files.md, so the documentation cannot drift from the parser.
final class DocumentedExampleTests: XCTestCase {
    func testDocumentedExampleParsesAsDescribed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/case-files.md"), encoding: .utf8)
        let start = try XCTUnwrap(doc.range(of: "````markdown\n"), "docs/case-files.md lost its example")
        let end = try XCTUnwrap(doc.range(of: "\n````", range: start.upperBound..<doc.endIndex))
        let example = String(doc[start.upperBound..<end.lowerBound]) + "\n"

        let parsed = try XCTUnwrap(parseCase(example, path: "phones/apple-background-apps.md"))
        XCTAssertEqual(parsed.title, "苹果手机怎么清理后台")
        XCTAssertEqual(parsed.section, ["phones"])
        XCTAssertEqual(parsed.slug, "phones/apple-background-apps")
        XCTAssertEqual(parsed.tags, ["disambiguation", "mobile"])
        XCTAssertEqual(parsed.instructions.count, 2)
        XCTAssertEqual(parsed.query, "苹果手机怎么清理后台")
        XCTAssertEqual(parsed.rewrites, ["iPhone 如何关闭后台应用", "iOS 清理后台程序的方法"])
        XCTAssertEqual(parsed.candidates.map(\.label), [1, 0, 3, nil])
        XCTAssertEqual(parsed.relevances, [1, 0, 3, 0])
        XCTAssertEqual(parsed.candidates.filter { $0.note != nil }.count, 3)
        XCTAssertEqual(parsed.candidates[2].text, "iOS 17 后台管理指南：从屏幕底部上滑并停顿，打开 App 切换器，\n再上滑关闭 App")
        XCTAssertEqual(parsed.intro.components(separatedBy: "\n\n").count, 1)
        XCTAssertEqual(parsed.sections.map(\.heading), ["Takeaways"])
    }
}
