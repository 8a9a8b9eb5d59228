import Foundation
import XCTest
@testable import Bench
import Qwen3

final class WorkloadTests: XCTestCase {
    private func tokenizer() throws -> Qwen3Tokenizer {
        try Qwen3Tokenizer(folder: BenchFixtures.tokenizer().deletingLastPathComponent())
    }

    func testStandardWorkloadHasTheIssuesShapeAndIsDeterministic() throws {
        let tok = try tokenizer()
        let count: (String) -> Int = { tok.encode($0).count }
        let a = makeWorkload(.standard, countTokens: count)
        let b = makeWorkload(.standard, countTokens: count)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.queries.count, 16)
        XCTAssertEqual(a.pairCount, 320)
        let spec = WorkloadSpec.standard
        for q in a.queries {
            // The maker cuts back to the drawn length, so only the upper bounds are exact; the
            // lower bound holds up to a cut word.
            XCTAssertTrue((spec.instructionTokens.lowerBound - 3...spec.instructionTokens.upperBound).contains(count(q.instruction)), q.instruction)
            XCTAssertTrue((spec.queryTokens.lowerBound - 3...spec.queryTokens.upperBound).contains(count(q.query)), q.query)
            for d in q.documents {
                XCTAssertTrue((spec.documentTokens.lowerBound - 3...spec.documentTokens.upperBound).contains(count(d)), "\(count(d)): \(d)")
            }
        }
        let text = a.queries.flatMap(\.documents).joined()
        XCTAssertTrue(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "no Chinese")
        XCTAssertTrue(text.unicodeScalars.contains { (0x61...0x7A).contains($0.value) }, "no English")
        let lengths = a.queries.flatMap(\.documents).map(count)
        XCTAssertGreaterThan(lengths.max() ?? 0, 250)
        XCTAssertLessThan(lengths.min() ?? 0, 60)
    }

    func testLogUniformLengthsAreMostlyShortAndStillSpanTheRange() throws {
        let tok = try tokenizer()
        let count: (String) -> Int = { tok.encode($0).count }
        var spec = WorkloadSpec.standard
        spec.documentLengths = .logUniform
        let skewed = makeWorkload(spec, countTokens: count).queries.flatMap(\.documents).map(count)
        let flat = makeWorkload(.standard, countTokens: count).queries.flatMap(\.documents).map(count)
        func mean(_ xs: [Int]) -> Double { Double(xs.reduce(0, +)) / Double(max(xs.count, 1)) }
        // Expected means: 103 (log-uniform over 20–300) and 160 (uniform); 320 draws each.
        XCTAssertEqual(mean(skewed), 103, accuracy: 15)
        XCTAssertEqual(mean(flat), 160, accuracy: 15)
        XCTAssertGreaterThan(skewed.filter { $0 < 100 }.count, skewed.count / 2)
        XCTAssertGreaterThan(skewed.max() ?? 0, 250)
        XCTAssertTrue(skewed.allSatisfy { (17...300).contains($0) })
    }

    func testJSONRoundTrip() throws {
        let w = Workload(queries: [.init(instruction: "I", query: "什么？", documents: ["a/b", "\"quoted\"\n"])])
        let url = try BenchFixtures.temporaryFolder(self).appendingPathComponent("w.json")
        try w.jsonData().write(to: url)
        XCTAssertEqual(try Workload.load(from: url), w)
        XCTAssertThrowsError(try Workload.load(from: url.deletingLastPathComponent().appendingPathComponent("none.json")))
    }
}
