import Foundation
import XCTest
@testable import Cases
import RerankCore

/// The showcase in inputs/ must always parse: it is what the README's first command builds.
final class ExampleInputsTests: XCTestCase {
    func testExampleShowcaseParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let inputs = root.appendingPathComponent("inputs")
        let cases: [CaseFile]
        do { cases = try CaseLoader.load(inputDirectory: inputs, includeDrafts: true) } catch {
            return XCTFail("\(error)")
        }
        XCTAssertGreaterThanOrEqual(cases.filter { !$0.draft }.count, 12)
        XCTAssertTrue(cases.allSatisfy(\.hasLabels))
        XCTAssertTrue(cases.contains { $0.instructions.count >= 3 }, "an instruction sweep")
        XCTAssertTrue(cases.contains { !$0.rewrites.isEmpty }, "a rewrite case")
    }
}
