import Cases
@testable import Datasets
import Foundation
import RerankCore
import XCTest

enum DatasetFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// fixtures-generated/datasets (scripts/fixtures/datasets.sh); fails the test when missing.
    static func folder(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.appendingPathComponent("fixtures-generated")
        let folder = base.appendingPathComponent("datasets")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("beir/corpus.jsonl").path) else {
            XCTFail("dataset fixtures missing under \(folder.path): run scripts/fixtures/datasets.sh", file: file, line: line)
            throw XCTSkip("fixtures missing")
        }
        return folder
    }

    struct TrecEval: Decodable {
        var tool: String
        var top_k: Int
        var ndcg_cut_10: [String: Double]
        var missed_relevant: [String: Int]
        var order: [String: [String]]
    }

    static func trecEval() throws -> TrecEval {
        let url = repoRoot.appendingPathComponent("Tests/DatasetsTests/Fixtures/trec_eval_ndcg.json")
        return try JSONDecoder().decode(TrecEval.self, from: Data(contentsOf: url))
    }
}

/// A fresh temporary folder, removed when the test ends.
func temporaryFolder(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Every file under `folder` (relative path → text).
func filesUnder(_ folder: URL) throws -> [String: String] {
    var result: [String: String] = [:]
    let root = folder.resolvingSymlinksInPath().path
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [:] }
    for case let path as String in walker {
        var isDirectory: ObjCBool = false
        let full = root + "/" + path
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            result[path] = try String(contentsOfFile: full, encoding: .utf8)
        }
    }
    return result
}

/// NDCG@10 of the `original` scorer on a case: the first-stage order, as a build computes it.
func originalNDCG(_ file: CaseFile) async throws -> Double {
    let request = ScoreRequest(instruction: "", query: file.query, documents: file.candidates.map(\.text))
    let scores = try await OriginalOrderScorer().score([request])[0].map(\.score)
    return rankingMetrics(order: rankOrder(scores: scores), relevances: file.relevances).ndcg10
}
