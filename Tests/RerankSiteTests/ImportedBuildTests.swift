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
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? TestProject.repoRoot.appendingPathComponent("fixtures-generated")
        let data = base.appendingPathComponent("datasets")
        guard FileManager.default.fileExists(atPath: data.appendingPathComponent("beir/corpus.jsonl").path) else {
            XCTFail("dataset fixtures missing under \(data.path): run scripts/fixtures/datasets.sh")
            return
        }
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
}
