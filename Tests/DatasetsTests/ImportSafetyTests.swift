@testable import Datasets
import Foundation
import XCTest

/// All problems at once, nothing written on any; existing files kept unless an import wrote them.
final class ImportSafetyTests: XCTestCase {
    private func jsonl(_ lines: [String]) throws -> (ImportOptions, URL) {
        let folder = try temporaryFolder(self)
        let source = folder.appendingPathComponent("in.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: source)
        return (ImportOptions(format: .jsonl, sources: [source], output: folder.appendingPathComponent("out")), folder)
    }

    /// The import fails, its message has every one of `parts`, and the output folder was not made.
    private func assertRefused(_ options: ImportOptions, mentioning parts: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Importer.run(options), file: file, line: line) { error in
            let text = (error as? DatasetError)?.description ?? "\(error)"
            for part in parts { XCTAssertTrue(text.contains(part), text, file: file, line: line) }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: options.output.path), file: file, line: line)
    }

    func testEveryBadLineIsReportedAndNothingIsWritten() throws {
        let (options, _) = try jsonl([
            #"{"query": "fine", "candidates": ["a"]}"#,
            #"not json"#,
            #"{"query": "q", "candidates": [], "colour": 1}"#,
            #"{"candidates": [{"text": "x", "label": "high"}]}"#,
        ])
        assertRefused(options, mentioning: [
            "in.jsonl:2: not valid JSON",
            "in.jsonl:3: unknown key 'colour'",
            "in.jsonl:3: field 'candidates' must be a non-empty list",
            "in.jsonl:4: missing field 'query'",
            "in.jsonl:4: field 'label' must be an integer",
        ])
    }

    /// The keys that carry the rest of a case file (prose sections, draft, slope) are checked too.
    func testBadSectionsDraftAndSlopeAreReportedWithTheirLine() throws {
        let (options, _) = try jsonl([
            #"{"query": "q", "candidates": ["a"], "draft": "yes", "slope": ["bm25"]}"#,
            #"{"query": "r", "candidates": ["a"], "sections": [{"heading": "H", "body": "x"}, "prose"], "slope": ["bm25", "x/best"]}"#,
            #"{"query": "s", "candidates": ["a"], "sections": [{"markdown": "no heading"}], "draft": 1}"#,
        ])
        assertRefused(options, mentioning: [
            "in.jsonl:1: field 'draft' must be true or false",
            "in.jsonl:1: field 'slope' must be two rankings",
            "in.jsonl:2: section 1: unknown key 'body'; known keys: heading, markdown",
            "in.jsonl:2: section 2 must be an object with 'heading' and 'markdown'",
            "in.jsonl:2: field 'slope': 'x/best': the part after '/' must be query, rewrite-N or fused",
            "in.jsonl:3: missing field 'heading'",
            "in.jsonl:3: field 'draft' must be true or false",
        ])
    }

    /// Literal text is escaped (see StructureLikeTextTests); what a case file still cannot hold as
    /// given (Markdown that would change the file's structure) is refused with its source line.
    func testTextThatCannotBeWrittenLiterallyIsRefusedWithItsLine() throws {
        let (options, _) = try jsonl([
            #"{"query": "q", "candidates": [{"text": "a", "note": "<!-- only a comment -->"}, "ok"]}"#,
            #"{"query": "r", "intro": "An intro\n\n## Query\n\nanother", "candidates": ["ok"]}"#,
            #"{"query": "s", "candidates": ["fine"]}"#,
        ])
        XCTAssertThrowsError(try Importer.run(options)) { error in
            let problems = (error as? DatasetError)?.problems ?? []
            XCTAssertEqual(problems.map(\.line), [1, 2], "\(problems)")
            XCTAssertTrue(problems[0].message.contains("candidate 1 would read back as 'a' with label none and id none and another note"), "\(problems)")
            XCTAssertTrue(problems[1].message.contains("a second Query section"), "\(problems)")
            XCTAssertTrue(problems.allSatisfy { $0.file == "in.jsonl" && $0.message.contains("cannot be written literally") })
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: options.output.path))
    }

    /// A last paragraph that looks like a list is escaped, so the marker stays at the text's end.
    func testMarkerEndsTheTextWhenTheLastParagraphLooksLikeAList() throws {
        let (options, _) = try jsonl([
            #"{"query": "q", "candidates": [{"text": "Title\n\n1. step one", "id": "d-1", "label": 2}]}"#,
        ])
        _ = try Importer.run(options)
        let text = try String(contentsOf: options.output.appendingPathComponent("q.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("1. Title\n\n   \\1. step one {id=d-1 rel=2}"), text)
    }

    /// A later candidate with the text of an earlier one is skipped; the warning names the source
    /// line, both candidates' places in the case and the kept one's id.
    func testDuplicateTextIsSkippedWithAWarningNamingTheLineAndTheKeptID() throws {
        let (options, _) = try jsonl([
            #"{"query": "q", "candidates": [{"text": "same  text", "id": "d-1"}, "other", {"text": "same text", "id": "d-9"}, "other"]}"#,
        ])
        let report = try Importer.run(options)
        XCTAssertEqual(report.warnings, [
            "in.jsonl:1: skipped candidate 3 ('d-9'): same text as candidate 1 ('d-1'), which is kept "
                + "(a case cannot hold two candidates with one text)",
            "in.jsonl:1: skipped candidate 4: same text as candidate 2, which is kept (a case cannot hold two candidates with one text)",
        ])
        XCTAssertEqual(report.candidates, 2)
    }

    /// In a run-based import each candidate has its own line: the kept one's line is named too.
    func testDuplicateWarningNamesTheKeptCandidatesLine() {
        let kept = ImportedCandidate(text: "t", id: "doc-1", file: "run.trec", line: 4)
        let skipped = ImportedCandidate(text: "t", id: "doc-7", file: "run.trec", line: 9)
        XCTAssertEqual(Importer.duplicateWarning(skipped, position: 5, kept: kept, keptPosition: 0),
                       "run.trec:9: skipped candidate 6 ('doc-7'): same text as candidate 1 ('doc-1', line 4), which is kept "
                        + "(a case cannot hold two candidates with one text)")
    }

    func testExistingFilesAreKeptUnlessAnImportWroteThemAndUpdateIsGiven() throws {
        var (options, _) = try jsonl([#"{"query": "q", "candidates": ["a"]}"#, #"{"query": "mine", "candidates": ["b"]}"#])
        try FileManager.default.createDirectory(at: options.output, withIntermediateDirectories: true)
        let mine = options.output.appendingPathComponent("mine.md")
        try Data("my own notes\n".utf8).write(to: mine)
        XCTAssertThrowsError(try Importer.run(options)) { error in
            XCTAssertTrue("\(error)".contains("was not written by rerank-site import"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: options.output.appendingPathComponent("q.md").path))
        try FileManager.default.removeItem(at: mine)
        _ = try Importer.run(options)
        XCTAssertThrowsError(try Importer.run(options)) { error in
            XCTAssertTrue("\(error)".contains("give --update to replace it"), "\(error)")
        }
        options.update = true
        XCTAssertEqual(try Importer.run(options).files, ["q.md", "mine.md"])
    }
}
