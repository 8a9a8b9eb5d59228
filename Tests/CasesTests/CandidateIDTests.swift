@testable import Cases
import RerankCore
import XCTest

/// `{id=…}` markers: alone or with a label, either order; unique per case; problems at the `{`.
final class CandidateIDTests: XCTestCase {
    private func body(_ candidates: String) -> String { "## Query\n\nq\n\n## Candidates\n\n\(candidates)\n" }

    func testIdsAloneOrWithALabelInEitherOrder() throws {
        let caseFile = try XCTUnwrap(parseCase(body("""
            1. first {id=doc-17 rel=2}
            2. second {rel=0 id=a_b.c:d/e}
            3. third {id=文档7}
            4. fourth {rel=1}
            """)))
        XCTAssertEqual(caseFile.candidates.map(\.text), ["first", "second", "third", "fourth"])
        XCTAssertEqual(caseFile.candidates.map(\.id), ["doc-17", "a_b.c:d/e", "文档7", nil])
        XCTAssertEqual(caseFile.candidates.map(\.label), [2, 0, nil, 1])
        XCTAssertEqual(caseFile.candidates.map(\.exportID), ["doc-17", "a_b.c:d/e", "文档7", "c3"])
    }

    func testIdInCodeSpanOrWithoutEqualsIsText() throws {
        let caseFile = try XCTUnwrap(parseCase(body("- route `{id=7}` here\n- GET /users/{id} {rel=1}")))
        XCTAssertEqual(caseFile.candidates.map(\.text), ["route `{id=7}` here", "GET /users/{id}"])
        XCTAssertEqual(caseFile.candidates.map(\.id), [nil, nil])
    }

    func testDuplicateIdIsReportedAtTheSecondMarker() {
        assertOneProblem(problems(body("- a {id=x rel=1}\n- b {id=x}")), line: 8, column: 5, field: "candidates",
                         containing: "duplicate candidate id 'x': the candidate at line 7 has it too")
    }

    func testBadCharactersAndMalformedMarkers() {
        assertOneProblem(problems(body("- a {id=doc#17}")), line: 7, column: 5, field: "candidates",
                         containing: "the id 'doc#17' contains '#', which is not allowed")
        for marker in ["{id=doc 17}", "{id=a id=b}", "{id=a  rel=1}", "{id=}", "{ID=a}", "{id = a}", "{rel=1 rel=2}"] {
            XCTAssertEqual(problems(body("- a \(marker)")).count, 1, marker)
            XCTAssertTrue(problems(body("- a \(marker)")).first?.message.contains("malformed label '\(marker)'") ?? false, marker)
        }
    }

    func testIdMarkerMustEndTheParagraph() {
        assertOneProblem(problems(body("- a {id=x} more")), line: 7, column: 5, field: "candidates",
                         containing: "must come at the end of a paragraph")
    }

    func testFastPathAgreesWithTheReferenceOnIds() {
        let lines = [TextLine(text: "a {id=x rel=2}", line: 1, cut: 0)]
        var labelsA: [RelevanceLabel] = [], labelsB: [RelevanceLabel] = []
        var problemsA: [CaseProblem] = [], problemsB: [CaseProblem] = []
        let fast = RelevanceLabel.extract(from: lines, path: "p", labels: &labelsA, problems: &problemsA)
        let plain = RelevanceLabel.referenceExtract(from: lines, path: "p", labels: &labelsB, problems: &problemsB)
        XCTAssertEqual(fast.map(\.text), plain.map(\.text))
        XCTAssertEqual(labelsA.map(\.id), ["x"]); XCTAssertEqual(labelsB.map(\.id), ["x"])
    }
}
