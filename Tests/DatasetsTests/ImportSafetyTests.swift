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

    func testEveryBadLineIsReportedAndNothingIsWritten() throws {
        let (options, _) = try jsonl([
            #"{"query": "fine", "candidates": ["a"]}"#,
            #"not json"#,
            #"{"query": "q", "candidates": [], "colour": 1}"#,
            #"{"candidates": [{"text": "x", "label": "high"}]}"#,
        ])
        XCTAssertThrowsError(try Importer.run(options)) { error in
            let text = (error as? DatasetError)?.description ?? "\(error)"
            XCTAssertTrue(text.contains("in.jsonl:2: not valid JSON"), text)
            XCTAssertTrue(text.contains("in.jsonl:3: unknown key 'colour'"), text)
            XCTAssertTrue(text.contains("in.jsonl:3: field 'candidates' must be a non-empty list"), text)
            XCTAssertTrue(text.contains("in.jsonl:4: missing field 'query'"), text)
            XCTAssertTrue(text.contains("in.jsonl:4: field 'label' must be an integer"), text)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: options.output.path))
    }

    func testTextThatCannotBeWrittenLiterallyIsRefusedWithItsLine() throws {
        let (options, _) = try jsonl([
            #"{"query": "q", "candidates": ["ends in {rel=1}", "ok"]}"#,
            #"{"query": "r", "candidates": ["> a quote", "ok"]}"#,
        ])
        XCTAssertThrowsError(try Importer.run(options)) { error in
            let problems = (error as? DatasetError)?.problems ?? []
            XCTAssertEqual(problems.map(\.line), [1, 2], "\(problems)")
            XCTAssertTrue(problems[0].message.contains("candidate 1 would read back as 'ends in' with label 1"), "\(problems)")
            XCTAssertTrue(problems.allSatisfy { $0.file == "in.jsonl" && $0.message.contains("cannot be written literally") })
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: options.output.path))
    }

    func testMarkerMovesToAnEarlierParagraphWhenTheLastLooksLikeAList() throws {
        let (options, _) = try jsonl([
            #"{"query": "q", "candidates": [{"text": "Title\n\n1. step one", "id": "d-1", "label": 2}]}"#,
        ])
        _ = try Importer.run(options)
        let text = try String(contentsOf: options.output.appendingPathComponent("q.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("1. Title {id=d-1 rel=2}\n\n   1. step one"), text)
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
