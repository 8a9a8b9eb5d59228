import Cases
@testable import Datasets
import Foundation
import XCTest

/// import → export → import gives identical case files.
final class RoundTripTests: XCTestCase {
    private func roundTrip(_ first: ImportOptions, format: DatasetFormat,
                           reimport: (URL, URL) -> ImportOptions) throws -> ([String: String], [String: String]) {
        _ = try Importer.run(first)
        let cases = try CaseLoader.load(inputDirectory: first.output, includeDrafts: false)
        let exported = try temporaryFolder(self).appendingPathComponent("export")
        try ExportWriter.write(try CaseExport.files(cases, format: format), to: exported)
        let again = reimport(exported, try temporaryFolder(self).appendingPathComponent("again"))
        _ = try Importer.run(again)
        return (try filesUnder(first.output), try filesUnder(again.output))
    }

    func testJSONL() throws {
        let data = try DatasetFixtures.folder()
        let first = ImportOptions(format: .jsonl, sources: [data.appendingPathComponent("cases.jsonl")],
                                  output: try temporaryFolder(self).appendingPathComponent("cases"))
        let (a, b) = try roundTrip(first, format: .jsonl) { exported, out in
            ImportOptions(format: .jsonl, sources: [exported.appendingPathComponent("cases.jsonl")], output: out)
        }
        XCTAssertEqual(a.count, 2)
        XCTAssertEqual(a, b)
    }

    func testBEIRAndTREC() throws {
        let data = try DatasetFixtures.folder()
        for format in [DatasetFormat.beir, .trec] {
            var first = ImportOptions(format: format, sources: format == .beir ? [data.appendingPathComponent("beir")] : [],
                                      output: try temporaryFolder(self).appendingPathComponent("cases"))
            first.run = data.appendingPathComponent("\(format.rawValue)/run.trec")
            first.topK = 5
            if format == .trec {
                first.topics = data.appendingPathComponent("trec/topics.tsv")
                first.docs = data.appendingPathComponent("trec/docs.tsv")
                first.qrels = data.appendingPathComponent("trec/qrels.txt")
            }
            let (a, b) = try roundTrip(first, format: format) { exported, out in
                var options = ImportOptions(format: format, sources: format == .beir ? [exported] : [], output: out)
                options.run = exported.appendingPathComponent("run.trec")
                if format == .trec {
                    options.topics = exported.appendingPathComponent("topics.tsv")
                    options.docs = exported.appendingPathComponent("docs.tsv")
                    options.qrels = exported.appendingPathComponent("qrels.txt")
                }
                return options
            }
            // What a BEIR or TREC dataset cannot carry: the count of judged documents the first
            // stage missed (they are not among the candidates, so the export has no line for them).
            func comparable(_ files: [String: String]) -> [String: String] {
                files.mapValues { text in
                    text.split(separator: "\n", omittingEmptySubsequences: false)
                        .filter { !$0.hasPrefix("missed_relevant:") }
                        .joined(separator: "\n")
                }
            }
            XCTAssertEqual(a.count, 10)
            XCTAssertEqual(comparable(a), comparable(b), "\(format)")
        }
    }
}

/// An export writes into a missing or empty folder, or over an earlier export, never over other files.
final class ExportWriterTests: XCTestCase {
    func testForeignFilesAreLeftAloneAndTheExportRefused() throws {
        let folder = try temporaryFolder(self)
        let mine = folder.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: mine)
        XCTAssertThrowsError(try ExportWriter.write([("cases.jsonl", Array("{}\n".utf8))], to: folder)) { error in
            XCTAssertTrue("\(error)".contains("notes.txt: is in the output folder and was not written by rerank-site export"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("cases.jsonl").path))
        try FileManager.default.removeItem(at: mine)
        try ExportWriter.write([("qrels/test.tsv", Array("x\n".utf8))], to: folder)
        // An earlier export is replaced.
        try ExportWriter.write([("qrels/test.tsv", Array("y\n".utf8))], to: folder)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("qrels/test.tsv"), encoding: .utf8), "y\n")
    }
}
