import APIServer
import Foundation
import XCTest

final class BlockingEngineTests: XCTestCase {
    func testDefaultInstructionAndOrder() async throws {
        let seen = LogLines()
        let engine = BlockingEngine(modelName: "m", defaultInstruction: "DEFAULT") { instruction, query, documents in
            seen.add(instruction)
            return documents.map { EngineScore(score: Double($0.count), tokens: query.count) }
        }
        let one = try await engine.score(instruction: nil, query: "qq", documents: ["a", "bbb"])
        XCTAssertEqual(one, [EngineScore(score: 1, tokens: 2), EngineScore(score: 3, tokens: 2)])
        let batch = try await engine.score(batch: [
            EngineRequest(instruction: "X", query: "q", documents: ["cc"]),
            EngineRequest(instruction: nil, query: "q", documents: []),
        ])
        XCTAssertEqual(batch, [[EngineScore(score: 2, tokens: 1)], []])
        XCTAssertEqual(seen.all, ["DEFAULT", "X", "DEFAULT"])
        XCTAssertGreaterThan(engine.estimateTokens(instruction: nil, query: "q", document: "d"), 0)
    }

    func testErrorsPropagate() async {
        struct Broken: Error {}
        let engine = BlockingEngine(modelName: "m", defaultInstruction: "d") { _, _, _ in throw Broken() }
        do {
            _ = try await engine.score(instruction: nil, query: "q", documents: ["a"])
            XCTFail("expected an error")
        } catch {
            XCTAssertTrue(error is Broken)
        }
    }

    /// A server over an engine that answers with the wrong number of scores reports a 500.
    func testMiscountingEngineGives500() async throws {
        let engine = BlockingEngine(modelName: "m", defaultInstruction: "d") { _, _, _ in [EngineScore(score: 0.5, tokens: 1)] }
        let log = LogLines()
        let server = APIServer(engine: engine, config: APIServerConfig(port: 0, readTimeoutSeconds: 2), log: { log.add($0) })
        let port = try await server.start()
        let response = await RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": "q", "documents": ["a", "b"]])
        XCTAssertEqual(response.status, 500)
        XCTAssertEqual(response.error["code"] as? String, "engine_failed")
        await server.shutdown()
    }
}
