import Cases
@testable import Datasets
import Foundation
import XCTest

/// Documents and queries that look like Markdown structure (a list item, a quote, a heading, a
/// fence, a comment, a trailing `{rel=…}`) import through the escapes of the case-file format,
/// read back as given, and go export → import unchanged in JSONL and BEIR.
final class StructureLikeTextTests: XCTestCase {
    static let documents = [
        "1. Preheat the oven to 200 °C", "- a dash item", "> a quoted line", "# of users grew", "## Step 2",
        "```", "<!-- not a comment -->", "[ref]: http://example.com", "ends in {rel=1}", "ends in {id=doc-9}",
        "mid {REL = 2} dle", "\\> a backslash and a quote", "Title\n\n1. step one\n2. step two", "text\n---",
        "a\\{rel=1}", "`{rel=2}` in code", "+ plus\n* star\n~~~",
    ]
    static let queries = ["1. how to preheat", "> why quote", "## heading query\n---"]

    private func jsonl(_ folder: URL) throws -> URL {
        let source = folder.appendingPathComponent("in.jsonl")
        var lines: [String] = []
        for (number, query) in Self.queries.enumerated() {
            let candidates = Self.documents.enumerated().map { index, text -> [String: Any] in
                ["text": text, "id": "d\(index)", "label": (index + number) % 3]
            }
            let object: [String: Any] = ["id": "q\(number)", "query": query, "rewrites": ["- rewrite of \(number)"],
                                         "candidates": candidates]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: source)
        return source
    }

    func testTheyImportAndReadBackAsGiven() throws {
        let folder = try temporaryFolder(self)
        let output = folder.appendingPathComponent("cases")
        _ = try Importer.run(ImportOptions(format: .jsonl, sources: [try jsonl(folder)], output: output))
        let cases = try CaseLoader.load(inputDirectory: output, includeDrafts: false)
        XCTAssertEqual(cases.map(\.query), Self.queries)
        for (number, file) in cases.enumerated() {
            XCTAssertEqual(file.candidates.map(\.text), Self.documents)
            XCTAssertEqual(file.candidates.map(\.label), Self.documents.indices.map { ($0 + number) % 3 })
            XCTAssertEqual(file.candidates.map(\.id), Self.documents.indices.map { "d\($0)" })
            XCTAssertEqual(file.rewrites, ["- rewrite of \(number)"])
        }
        let written = try String(contentsOf: output.appendingPathComponent("q0.md"), encoding: .utf8)
        XCTAssertTrue(written.contains("1. \\1. Preheat the oven to 200 °C {id=d0 rel=0}"), written)
        XCTAssertTrue(written.contains("9. ends in \\{rel=1} {id=d8 rel=2}"), written)
        XCTAssertTrue(written.contains("## Query\n\n\\1. how to preheat\n"), written)
    }

    func testTheyGoThroughJSONLAndBEIRUnchanged() throws {
        let folder = try temporaryFolder(self)
        let first = folder.appendingPathComponent("first")
        _ = try Importer.run(ImportOptions(format: .jsonl, sources: [try jsonl(folder)], output: first))
        // JSONL: export, import, and the files are the same.
        let jsonlExport = folder.appendingPathComponent("export-jsonl")
        try ExportWriter.write(try CaseExport.files(try CaseLoader.load(inputDirectory: first, includeDrafts: false), format: .jsonl),
                               to: jsonlExport)
        let again = folder.appendingPathComponent("again")
        _ = try Importer.run(ImportOptions(format: .jsonl, sources: [jsonlExport.appendingPathComponent("cases.jsonl")], output: again))
        XCTAssertEqual(try filesUnder(first), try filesUnder(again))
        // BEIR (no titles, rewrites or notes): export → import → export → import gives the same files.
        func beirTrip(_ input: URL, _ name: String) throws -> URL {
            let exported = folder.appendingPathComponent("export-\(name)")
            try ExportWriter.write(try CaseExport.files(try CaseLoader.load(inputDirectory: input, includeDrafts: false), format: .beir),
                                   to: exported)
            var options = ImportOptions(format: .beir, sources: [exported], output: folder.appendingPathComponent(name))
            options.run = exported.appendingPathComponent("run.trec")
            _ = try Importer.run(options)
            return options.output
        }
        let beirA = try beirTrip(first, "beir-a")
        let beirB = try beirTrip(beirA, "beir-b")
        XCTAssertEqual(try filesUnder(beirA), try filesUnder(beirB))
        let cases = try CaseLoader.load(inputDirectory: beirB, includeDrafts: false)
        XCTAssertEqual(cases.map(\.query), Self.queries)
        XCTAssertTrue(cases.allSatisfy { $0.candidates.map(\.text) == Self.documents })
    }

    /// Random texts made of the pieces structure is made of: after the import's tidying, every one
    /// is written (query, rewrite or candidate, labelled or not) and reads back unchanged.
    func testRandomStructureLikeTextsAllReadBack() throws {
        let pieces = ["1. ", "2) ", "- ", "+ ", "* ", "> ", ">", "# ", "## ", "###### ", "```", "~~~", "---", "===", "***",
                      "_", "<!-- ", " -->", "<div>", "[a]: ", "\\", "\\\\", "{rel=1}", "{id=x}", "{REL = 2}", "{ rel",
                      "{", "}", "`", "``", "a", "word", " ", "\t", "\n", "\n\n", "分手", "#", "-", "9. ", "|"]
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var checked = 0
        for round in 0..<300 {
            var texts: [String] = []
            var seen = Set<String>()
            while texts.count < 6 {
                let text = ImportText.normalize((0..<(1 + next(12))).map { _ in pieces[next(pieces.count)] }.joined())
                // A case file cannot hold an empty text or two candidates with one text.
                guard !text.isEmpty, seen.insert(normalizedWhitespace(text)).inserted else { continue }
                texts.append(text)
            }
            let query = texts[0].replacingOccurrences(of: "\n\n", with: "\n")
            let rewrite = texts[1].replacingOccurrences(of: "\n\n", with: "\n")
            var item = ImportedCase(key: "r\(round)", query: query, candidates: texts.enumerated().map { index, text in
                ImportedCandidate(text: text, id: index % 2 == 0 ? "d\(index)" : nil, label: index % 3 == 0 ? nil : index,
                                  file: "random", line: round)
            }, file: "random", line: round)
            if normalizedWhitespace(rewrite) != normalizedWhitespace(query) { item.rewrites = [rewrite] }
            let written = CaseWriter.write(item, format: .jsonl, path: "r.md")
            XCTAssertEqual(written.problems.map(\.message), [], written.text)
            checked += texts.count
        }
        print("random structure-like texts written and read back: \(checked)")
    }
}
