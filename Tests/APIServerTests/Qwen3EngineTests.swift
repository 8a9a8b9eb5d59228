import APIServer
import Foundation
import Qwen3
import Remote
import RerankCore
import XCTest

/// The native engine behind the server: scores through HTTP equal `Qwen3Reranker.score`
/// (what `rerank-site score` prints), batched or not. Uses the random-weight fixture model.
final class Qwen3EngineTests: XCTestCase {
    private func fixtureModel() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("fixtures-generated")
        let folder = base.appendingPathComponent("engine/tied-bf16")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("config.json").path) else {
            XCTFail("engine fixture model missing at \(folder.path): run scripts/test.sh (or scripts/fixtures/engine.sh)")
            throw NSError(domain: "Qwen3EngineTests", code: 1)
        }
        return folder
    }

    func testServerScoresEqualTheReranker() async throws {
        let reranker = try Qwen3Reranker(folder: fixtureModel(), options: RerankerOptions(maxLength: 256))
        let engine = Qwen3Engine(reranker: reranker, modelName: "tied-bf16")
        XCTAssertEqual(engine.modelName, "tied-bf16")
        let server = APIServer(engine: engine, config: APIServerConfig(port: 0, readTimeoutSeconds: 10), log: { _ in })
        let port = try await server.start()

        let queries = ["what is a reranker", "如何给文档排序", "BM25 vs neural"]
        let documents = ["A reranker reads the query and a document together.", "猫在睡觉。", "", "BM25 counts terms; cross-encoders attend."]
        // Straight from the engine, one call per query, default instruction as `score` gives it.
        let direct = try queries.map { try reranker.score(instruction: "", query: $0, documents: documents).map(\.score) }

        // Concurrently through the HTTP scorer, so the batcher merges requests.
        let config = HTTPScorerConfig(endpoint: "http://127.0.0.1:\(port)", model: "tied-bf16", sendInstruction: false,
                                      documentsPerRequest: 4, maxInFlight: 4, timeoutSeconds: 60, retries: 0)
        let scorer = try HTTPScorer(id: "native", config: config, environment: [:])
        let remote = try await scorer.score(queries.map { ScoreRequest(instruction: "", query: $0, documents: documents) })
        // The engine keeps shared-prefix keys and values across calls and packs rows into GEMMs whose
        // blocking depends on the batch, so equal means equal to float32 rounding, not bit for bit.
        var roundTrip = 0.0
        for (r, d) in zip(remote, direct) { for (a, b) in zip(r, d) { roundTrip = max(roundTrip, abs(a.score - b)) } }
        print("Qwen3Engine: HTTP round trip vs direct, max |score difference| = \(roundTrip)")
        XCTAssertEqual(remote.map(\.count), direct.map(\.count))
        XCTAssertLessThan(roundTrip, 1e-5, "HTTP round trip and batching must not change scores")
        var drift = 0.0
        for (n, document) in documents.enumerated() {
            let alone = try reranker.score(instruction: "", query: queries[0], documents: [document])[0].score
            drift = max(drift, abs(alone - direct[0][n]))
        }
        print("Qwen3Engine: one document alone vs four in a call, max |score difference| = \(drift)")

        // An explicit instruction reaches the engine.
        let judged = try reranker.score(instruction: "Judge relevance", query: queries[0], documents: documents).map(\.score)
        let response = await RawHTTP.send(port: port, "POST", "/v1/rerank",
                                          json: ["query": queries[0], "documents": documents, "instruction": "Judge relevance"])
        let results = try response.decode(RerankOut.self).results
        for result in results { XCTAssertEqual(result.relevance_score, judged[result.index], accuracy: 1e-5) }
        await server.shutdown()
    }
}
