import Cases
@testable import Datasets
import Foundation
import RerankCore
import XCTest

/// Imports the committed fixtures (scripts/fixtures/datasets.sh) in every format and checks
/// order, ids, labels and the `original` scorer's NDCG@10 against trec_eval (pytrec_eval).
final class ImportFormatsTests: XCTestCase {
    private func importCases(_ options: ImportOptions) throws -> [CaseFile] {
        _ = try Importer.run(options)
        return try CaseLoader.load(inputDirectory: options.output, includeDrafts: false)
    }

    func testBEIRWithARunMatchesTrecEvalOnTheCutRun() async throws {
        let data = try DatasetFixtures.folder()
        let reference = try DatasetFixtures.trecEval()
        var options = ImportOptions(format: .beir, sources: [data.appendingPathComponent("beir")],
                                    output: try temporaryFolder(self).appendingPathComponent("cases"))
        options.run = data.appendingPathComponent("beir/run.trec")
        options.topK = reference.top_k
        let cases = try importCases(options)
        XCTAssertEqual(cases.map { CaseExport.stem($0) }, (0..<10).map { "q\($0)" })
        var maxDifference = 0.0
        for file in cases {
            let qid = CaseExport.stem(file)
            XCTAssertEqual(file.candidates.compactMap(\.id), reference.order[qid], qid)
            XCTAssertEqual(file.missedRelevant, reference.missed_relevant[qid], qid)
            XCTAssertEqual(file.importedFrom, "beir")
            let expected = try XCTUnwrap(reference.ndcg_cut_10[qid])
            maxDifference = max(maxDifference, abs(try await originalNDCG(file) - expected))
        }
        print("original NDCG@10 vs \(reference.tool) ndcg_cut_10 on \(cases.count) queries: max difference \(maxDifference)")
        XCTAssertLessThan(maxDifference, 1e-12)
    }

    func testTRECKeepsRunOrderIdsAndQrelsLabels() async throws {
        let data = try DatasetFixtures.folder()
        let reference = try DatasetFixtures.trecEval()
        var options = ImportOptions(format: .trec, sources: [], output: try temporaryFolder(self).appendingPathComponent("cases"))
        options.topics = data.appendingPathComponent("trec/topics.tsv")
        options.docs = data.appendingPathComponent("trec/docs.tsv")
        options.run = data.appendingPathComponent("trec/run.trec")
        options.qrels = data.appendingPathComponent("trec/qrels.txt")
        options.topK = reference.top_k
        options.instruction = "Given a web search query, retrieve relevant passages"
        let cases = try importCases(options)
        XCTAssertEqual(cases.count, 10)
        var maxDifference = 0.0
        for file in cases {
            let qid = CaseExport.stem(file)
            XCTAssertEqual(file.candidates.compactMap(\.id), reference.order[qid])
            XCTAssertEqual(file.instructions, ["Given a web search query, retrieve relevant passages"])
            maxDifference = max(maxDifference, abs(try await originalNDCG(file) - (reference.ndcg_cut_10[qid] ?? -1)))
        }
        XCTAssertLessThan(maxDifference, 1e-12)
    }

    func testBEIRWithoutARunTakesTheJudgedDocumentsInQrelsOrder() throws {
        let data = try DatasetFixtures.folder()
        var options = ImportOptions(format: .beir, sources: [data.appendingPathComponent("beir")],
                                    output: try temporaryFolder(self).appendingPathComponent("cases"))
        options.sample = 3
        options.seed = 5
        let cases = try importCases(options)
        XCTAssertEqual(cases.count, 3)
        let qrels = try String(contentsOf: data.appendingPathComponent("beir/qrels/test.tsv"), encoding: .utf8)
        for file in cases {
            let qid = CaseExport.stem(file)
            let judged = qrels.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }.filter { $0[0] == qid }
            XCTAssertEqual(file.candidates.compactMap(\.id), judged.map { $0[1] })
            XCTAssertEqual(file.candidates.compactMap(\.label), judged.map { Int($0[2]) ?? -1 })
            XCTAssertEqual(file.missedRelevant, 0)
            XCTAssertTrue(file.intro.contains("No first-stage run was imported"))
        }
    }

    func testJSONLKeepsIdsLabelsNotesSectionsAndRewrites() throws {
        let data = try DatasetFixtures.folder()
        let cases = try importCases(ImportOptions(format: .jsonl, sources: [data.appendingPathComponent("cases.jsonl")],
                                                  output: try temporaryFolder(self).appendingPathComponent("cases")))
        XCTAssertEqual(cases.map(\.path), ["bm25.md", "zh/重排序模型.md"])
        XCTAssertEqual(cases[0].candidates.map(\.exportID), ["d1", "d2", "c2"])
        XCTAssertEqual(cases[0].candidates.map(\.label), [3, 0, nil])
        XCTAssertEqual(cases[0].candidates[0].note, "the answer")
        XCTAssertEqual(cases[0].candidates[1].text, "<td>BM25</td> in a table")
        XCTAssertEqual(cases[0].instructions, ["Find the definition"])
        XCTAssertEqual(cases[1].rewrites, ["reranker model"])
    }

    func testCSVFindsColumnsByNameAndByColumnsOption() throws {
        let data = try DatasetFixtures.folder()
        var options = ImportOptions(format: .csv, sources: [data.appendingPathComponent("cases.csv")],
                                    output: try temporaryFolder(self).appendingPathComponent("cases"))
        options.columns = ["label": "grade"]
        let cases = try importCases(options)
        XCTAssertEqual(cases.map(\.path), ["q1.md", "q2.md"])
        XCTAssertEqual(cases[0].candidates.map(\.text), ["BM25 scores documents, by term frequency", "a \"quoted\" passage"])
        XCTAssertEqual(cases[0].candidates.map(\.label), [2, 0])
        XCTAssertEqual(cases[0].candidates.map(\.note), [nil, "a note"])
        XCTAssertEqual(cases[1].candidates.map(\.text), ["two\nlines"])
        XCTAssertEqual(cases[1].candidates.map(\.id), ["x:1/2"])
    }
}
