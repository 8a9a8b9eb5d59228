import Foundation
import XCTest
import RerankCore
@testable import RerankSite

/// One truncation warning per case and scorer, naming the candidates, their prompt lengths, the
/// instructions and the query variants.
final class TruncationReportTests: XCTestCase {
    struct InstructedScorer: Scorer {
        let id = "neural"
        let kind = "test"
        let fingerprint = "test"
        let dependsOnCollection = false
        let usesInstruction = true
        func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] { [] }
    }

    func testOneWarningPerCaseAndScorerNamesEverything() {
        let file = CaseFile(
            path: "shop/phones.md", section: ["shop"], slug: "phones", title: "t", tags: [],
            instructions: ["Prefer cheap phones", "Prefer long battery life"], draft: false, query: "phone",
            rewrites: ["mobile"],
            candidates: (0..<3).map { Candidate(index: $0, text: "c\($0)", location: SourceLocation(file: "shop/phones.md", line: 10 + 2 * $0)) },
            intro: "", sections: [], sourceHash: "h")
        let plan = ScoringPlan(cases: [file], scorers: [ConfiguredScorer(scorer: InstructedScorer(), instructionOverride: nil)],
                               defaultInstruction: "default")
        // Slots: (instruction 1, query), (instruction 1, rewrite), (instruction 2, query), (instruction 2, rewrite).
        XCTAssertEqual(plan.slots[0].count, 4)
        let plain = PairScore(score: 0.5, tokens: 100)
        func cut(_ tokens: Int) -> PairScore { PairScore(score: 0.5, tokens: tokens, truncated: true) }
        let scores: [[[PairScore]]] = [[
            [plain, cut(9000), plain],
            [plain, cut(9100), plain],
            [plain, plain, plain],
            [cut(8500), plain, plain],
        ]]
        let warnings = truncationWarnings(plan: plan, scores: scores)
        XCTAssertEqual(warnings.count, 1, "\(warnings)")
        let w = warnings[0]
        XCTAssertTrue(w.hasPrefix("shop/phones.md: neural: 2 candidate(s) longer than the scorer's max_length"), w)
        XCTAssertTrue(w.contains("candidate 1 (line 10, 8500 prompt tokens), candidate 2 (line 12, 9100 prompt tokens)"), w)
        XCTAssertTrue(w.contains("with the query, rewrite 1"), w)
        XCTAssertTrue(w.contains("under instruction 'Prefer cheap phones', 'Prefer long battery life'"), w)
        XCTAssertEqual(truncationWarnings(plan: plan, scores: [[[plain, plain, plain], [plain, plain, plain],
                                                                 [plain, plain, plain], [plain, plain, plain]]]), [])
    }

    func testABuildWarnsOnceWithTheFullPromptLength() async throws {
        let model = try TestProject.fixtureModel()
        let long = String(repeating: "A very long candidate about batteries and chargers. ", count: 20)
        let cases = ["shop/long.md": "## Query\n\nphone battery\n\n## Candidates\n\n1. short one {rel=1}\n2. \(long) {rel=0}\n"]
        let config = "scorers:\n  - id: q\n    kind: qwen3-reranker\n    model: \(model.path)\n    max_length: 96\n"
        let project = try TestProject(config: config, cases: cases)
        defer { project.remove() }
        let report = try await project.build()
        XCTAssertEqual(report.warnings.count, 1, "\(report.warnings)")
        let warning = report.warnings.first ?? ""
        XCTAssertTrue(warning.hasPrefix("shop/long.md: q: 1 candidate(s) longer than the scorer's max_length"), warning)
        // The whole prompt is far longer than the 96 tokens it was cut to.
        let tokens = warning.components(separatedBy: "line 8, ").last?.components(separatedBy: " prompt tokens").first
        XCTAssertGreaterThan(Int(tokens ?? "") ?? 0, 200, warning)
        // A cached rebuild gives the same warning.
        let again = try await project.build()
        XCTAssertEqual(again.scored, 0)
        XCTAssertEqual(again.warnings, report.warnings)
    }
}
