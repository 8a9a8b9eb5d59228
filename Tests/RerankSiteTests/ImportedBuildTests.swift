import Cases
import Datasets
import Foundation
import XCTest
@testable import RerankSite

/// An imported BEIR set builds, and the site's `original` NDCG@10 per query is trec_eval's on the
/// first-stage run cut at --top-k with the qrels restricted to the candidates.
final class ImportedBuildTests: XCTestCase {
    private struct TrecEval: Decodable {
        var tool: String
        var top_k: Int
        var ndcg_cut_10: [String: Double]
        var missed_relevant: [String: Int]
    }

    private struct Results: Decodable {
        struct Case: Decodable {
            var path: String
            var missedRelevant: Int?
            var rankings: [Ranking]
        }
        struct Ranking: Decodable {
            var scorer: String
            var variant: String
            var metrics: Metrics?
        }
        struct Metrics: Decodable { var ndcg10: Double }
        var cases: [Case]
    }

    func testImportedBEIRSetBuildsWithTrecEvalsNDCG() async throws {
        let data = try TestProject.fixture("datasets", holding: "beir/corpus.jsonl", madeBy: "datasets.sh")
        let reference = try JSONDecoder().decode(TrecEval.self, from: Data(contentsOf: TestProject.repoRoot
            .appendingPathComponent("Tests/DatasetsTests/Fixtures/trec_eval_ndcg.json")))
        let project = try TestProject(config: "title: imported\nscorers:\n  - id: original\n    kind: original\n  - id: bm25\n    kind: bm25\n",
                                      cases: [:])
        defer { project.remove() }
        var options = ImportOptions(format: .beir, sources: [data.appendingPathComponent("beir")],
                                    output: project.root.appendingPathComponent("inputs"))
        options.run = data.appendingPathComponent("beir/run.trec")
        options.topK = reference.top_k
        options.section = "beir"
        _ = try Importer.run(options)
        _ = try await project.build()

        let results = try JSONDecoder().decode(Results.self, from: Data(contentsOf: project.root.appendingPathComponent("site/data/results.json")))
        XCTAssertEqual(results.cases.count, 10)
        var maxDifference = 0.0
        for c in results.cases {
            let qid = String(c.path.dropFirst("beir/".count).dropLast(3))
            let original = try XCTUnwrap(c.rankings.first { $0.scorer == "original" && $0.variant == "query" }?.metrics)
            maxDifference = max(maxDifference, abs(original.ndcg10 - (reference.ndcg_cut_10[qid] ?? -1)))
            XCTAssertEqual(c.missedRelevant, reference.missed_relevant[qid])
        }
        print("site original NDCG@10 vs \(reference.tool) ndcg_cut_10: max difference \(maxDifference)")
        XCTAssertLessThan(maxDifference, 1e-12)
        let qrels = try project.text("data/qrels.txt")
        XCTAssertTrue(qrels.contains("beir/q0 0 doc-"), String(qrels.prefix(200)))
        let page = try project.text("cases/beir/q0.html")
        XCTAssertTrue(page.contains("the ideal ranking is over them alone"))
    }

    /// Documents that look like Markdown structure import (escaped in the case file), build, show
    /// on the case page as written (HTML-escaped), and go export → import unchanged.
    func testStructureLikeDocumentsImportBuildAndShowAsWritten() async throws {
        let documents = ["1. Preheat the oven", "> a quoted line", "## Step 2", "<!-- not a comment -->",
                         "ends in {rel=1}", "- a dash\n- another", "`{rel=2}` & <b>bold</b>"]
        let project = try TestProject(config: "title: escapes\nscorers:\n  - id: original\n    kind: original\n  - id: bm25\n    kind: bm25\n",
                                      cases: [:])
        defer { project.remove() }
        let object: [String: Any] = ["id": "steps", "query": "> how do I preheat", "candidates": documents.enumerated().map {
            ["text": $0.element, "id": "d\($0.offset)", "label": $0.offset % 2] as [String: Any]
        }]
        let source = project.root.appendingPathComponent("in.jsonl")
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: source)
        let inputs = project.root.appendingPathComponent("inputs")
        _ = try Importer.run(ImportOptions(format: .jsonl, sources: [source], output: inputs))
        _ = try await project.build()

        let page = try project.text("cases/steps.html")
        for text in documents + ["> how do I preheat"] {
            let shown = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            for line in shown.split(separator: "\n") {
                XCTAssertTrue(page.contains(line), "the page does not show '\(line)'")
            }
        }
        XCTAssertFalse(page.contains("<b>bold</b>"))
        XCTAssertFalse(page.contains("\\1. Preheat"), "the escape's backslash reached the page")
        let results = try project.text("data/results.json")
        XCTAssertTrue(results.contains("\"ends in {rel=1}\""), "the scored text is the document as written")

        let cases = try CaseLoader.load(inputDirectory: inputs, includeDrafts: false)
        XCTAssertEqual(cases.first?.candidates.map(\.text), documents)
        let exported = project.root.appendingPathComponent("export")
        try ExportWriter.write(try CaseExport.files(cases, format: .jsonl), to: exported)
        var again = ImportOptions(format: .jsonl, sources: [exported.appendingPathComponent("cases.jsonl")], output: inputs)
        again.update = true
        let before = try String(contentsOf: inputs.appendingPathComponent("steps.md"), encoding: .utf8)
        _ = try Importer.run(again)
        XCTAssertEqual(try String(contentsOf: inputs.appendingPathComponent("steps.md"), encoding: .utf8), before)
    }
}
