import APIServer
import Encoders
import Foundation
import XCTest

/// serve-api over an XLM-RoBERTa cross-encoder (the bge-reranker-v2-m3-shaped random-weight
/// fixture, scripts/fixtures/xlmr.sh) through loopback HTTP: `/v1/rerank` gives the model's scores.
final class XLMRobertaEngineTests: XCTestCase {
    func testRerankRouteServesTheXLMRobertaCrossEncoder() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("fixtures-generated")
        let folder = base.appendingPathComponent("xlmr/xlmr-ce")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) else {
            return XCTFail("fixture missing at \(folder.path): run scripts/test.sh (or scripts/fixtures/xlmr.sh)")
        }
        let model = try BertCrossEncoder(folder: folder)
        let server = APIServer(engine: CrossEncoderEngine.make(model, modelName: "bge-reranker-v2-m3"),
                               config: APIServerConfig(port: 0, readTimeoutSeconds: 10), log: { _ in })
        let port = try await server.start()
        let documents = ["Unplug the router for thirty seconds.", "Bananas are rich in potassium.", "ルーターを再起動する"]
        let want = model.score(query: "restart a router", documents: documents)
        let ranked = await RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": "restart a router", "documents": documents])
        let results = try ranked.decode(RerankOut.self).results
        XCTAssertEqual(results.count, 3)
        for r in results { XCTAssertEqual(r.relevance_score, want[r.index].score, accuracy: 1e-12) }
        await server.shutdown()
    }
}
