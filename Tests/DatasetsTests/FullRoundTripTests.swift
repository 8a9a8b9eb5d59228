import Cases
@testable import Datasets
import Foundation
import RerankCore
import XCTest

/// JSONL carries everything a case file holds: hand-written case files (the example's inputs/,
/// with prose sections, notes, rewrites, a slope) and imported fixtures go export → import →
/// export → import with byte-identical exports and byte-identical imports, and the imported files
/// read as the cases they came from.
final class FullRoundTripTests: XCTestCase {
    /// export jsonl of `cases` → import (A) → export → import (B); returns A's cases.
    private func jsonlRoundTrip(_ cases: [CaseFile], file: StaticString = #filePath, line: UInt = #line) throws -> [CaseFile] {
        let first = try CaseExport.files(cases, format: .jsonl)
        let exported = try temporaryFolder(self).appendingPathComponent("export")
        try ExportWriter.write(first, to: exported)
        let a = try temporaryFolder(self).appendingPathComponent("a")
        _ = try Importer.run(ImportOptions(format: .jsonl, sources: [exported.appendingPathComponent("cases.jsonl")], output: a))
        let imported = try CaseLoader.load(inputDirectory: a, includeDrafts: true)
        let second = try CaseExport.files(imported, format: .jsonl)
        XCTAssertEqual(first.map(\.path), second.map(\.path), file: file, line: line)
        XCTAssertEqual(first.map { String(decoding: $0.bytes, as: UTF8.self) }, second.map { String(decoding: $0.bytes, as: UTF8.self) },
                       "the second export differs from the first", file: file, line: line)
        let exportedAgain = try temporaryFolder(self).appendingPathComponent("export2")
        try ExportWriter.write(second, to: exportedAgain)
        let b = try temporaryFolder(self).appendingPathComponent("b")
        _ = try Importer.run(ImportOptions(format: .jsonl, sources: [exportedAgain.appendingPathComponent("cases.jsonl")], output: b))
        XCTAssertEqual(try filesUnder(a), try filesUnder(b), "the second import differs from the first", file: file, line: line)
        return imported
    }

    /// Every part of a case file but where it came from (the path's file name may be re-slugged,
    /// the hash and `imported:` differ).
    private func assertSameContent(_ expected: [CaseFile], _ actual: [CaseFile], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(expected.count, actual.count, file: file, line: line)
        let sorted = { (cases: [CaseFile]) in cases.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) } }
        for (a, b) in zip(sorted(expected), sorted(actual)) {
            XCTAssertEqual(a.path, b.path, file: file, line: line)
            XCTAssertEqual(a.section, b.section, a.path, file: file, line: line)
            XCTAssertEqual(a.title, b.title, a.path, file: file, line: line)
            XCTAssertEqual(a.tags, b.tags, a.path, file: file, line: line)
            XCTAssertEqual(a.instructions, b.instructions, a.path, file: file, line: line)
            XCTAssertEqual(a.draft, b.draft, a.path, file: file, line: line)
            XCTAssertEqual(a.slope, b.slope, a.path, file: file, line: line)
            XCTAssertEqual(a.query, b.query, a.path, file: file, line: line)
            XCTAssertEqual(a.rewrites, b.rewrites, a.path, file: file, line: line)
            XCTAssertEqual(a.intro, b.intro, a.path, file: file, line: line)
            XCTAssertEqual(a.sections, b.sections, a.path, file: file, line: line)
            XCTAssertEqual(a.missedRelevant, b.missedRelevant, a.path, file: file, line: line)
            XCTAssertEqual(a.candidates.map(\.text), b.candidates.map(\.text), a.path, file: file, line: line)
            XCTAssertEqual(a.candidates.map(\.label), b.candidates.map(\.label), a.path, file: file, line: line)
            XCTAssertEqual(a.candidates.map(\.id), b.candidates.map(\.id), a.path, file: file, line: line)
            XCTAssertEqual(a.candidates.map(\.note), b.candidates.map(\.note), a.path, file: file, line: line)
        }
    }

    func testTheExampleInputsWithTheirProseSurvive() throws {
        let originals = try CaseLoader.load(inputDirectory: DatasetFixtures.repoRoot.appendingPathComponent("inputs"),
                                            includeDrafts: true)
        XCTAssertGreaterThanOrEqual(originals.count, 20)
        // The example has what the round trip must carry.
        XCTAssertTrue(originals.contains { !$0.sections.isEmpty })
        XCTAssertTrue(originals.contains { $0.slope != nil })
        XCTAssertTrue(originals.contains { $0.candidates.contains { $0.note != nil } })
        let imported = try jsonlRoundTrip(originals)
        assertSameContent(originals, imported)
        XCTAssertTrue(imported.allSatisfy { $0.importedFrom == "jsonl" })
    }

    func testDraftsAndEveryFrontMatterKeySurvive() throws {
        let folder = try temporaryFolder(self)
        try Data("""
            ---
            title: "A *draft*"
            tags: [one, two]
            instructions: [first instruction, second instruction]
            draft: true
            slope: [bm25, qwen3/rewrite-1@2]
            missed_relevant: 3
            ---

            # Not the title

            An intro with **Markdown**,

                an indented code block,

            and a list:

            - one
              - nested

            ## Background *first*

            Before the query.

            ## Query

            \\1. a query that looks like a list

            ## Rewrites

            - \\> a rewrite that looks like a quote

            ## Candidates

            1. \\- a dash {id=a rel=1}

               > a note
               >
               > - with a list
               >     and indentation

            2. Ends in \\{rel=2} {rel=0}
            3. Text

               \\## a second paragraph that looks like a heading

            ## Takeaways

            Trailing spaces for a break:  
            kept.

            ## Empty

            ## What `code` & <b>html</b> \\*escaped\\* #

            Last.
            """.utf8).write(to: folder.appendingPathComponent("case.md"))
        let originals = try CaseLoader.load(inputDirectory: folder, includeDrafts: true)
        XCTAssertEqual(originals.first?.draft, true)
        XCTAssertEqual(originals.first?.sections.map(\.heading), ["Background first", "Takeaways", "Empty", "What code & <b>html</b> *escaped*"])
        let imported = try jsonlRoundTrip(originals)
        assertSameContent(originals, imported)
    }

    func testImportedFixturesSurvive() throws {
        let data = try DatasetFixtures.folder()
        var sources: [ImportOptions] = []
        let out = { try temporaryFolder(self).appendingPathComponent("cases") }
        sources.append(ImportOptions(format: .jsonl, sources: [data.appendingPathComponent("cases.jsonl")], output: try out()))
        var csv = ImportOptions(format: .csv, sources: [data.appendingPathComponent("cases.csv")], output: try out())
        csv.columns = ["label": "grade"]
        sources.append(csv)
        var beir = ImportOptions(format: .beir, sources: [data.appendingPathComponent("beir")], output: try out())
        beir.run = data.appendingPathComponent("beir/run.trec")
        sources.append(beir)
        var trec = ImportOptions(format: .trec, sources: [], output: try out())
        trec.topics = data.appendingPathComponent("trec/topics.tsv")
        trec.docs = data.appendingPathComponent("trec/docs.tsv")
        trec.run = data.appendingPathComponent("trec/run.trec")
        trec.qrels = data.appendingPathComponent("trec/qrels.txt")
        sources.append(trec)
        // Without a run: the note saying where the candidates came from is carried too.
        sources.append(ImportOptions(format: .beir, sources: [data.appendingPathComponent("beir")], output: try out()))
        for options in sources {
            _ = try Importer.run(options)
            let first = try CaseLoader.load(inputDirectory: options.output, includeDrafts: true)
            XCTAssertFalse(first.isEmpty)
            assertSameContent(first, try jsonlRoundTrip(first))
        }
    }
}
