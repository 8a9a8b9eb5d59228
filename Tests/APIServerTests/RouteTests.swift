import APIServer
import Foundation
import XCTest

final class RouteTests: XCTestCase {
    private var fixture: TestServer!
    private var port: Int { fixture.port }

    override func setUp() async throws {
        fixture = try await TestServer()
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    private let documents = ["Okapi BM25 ranks documents", "a bird", "", "rerankers read query and document together", "日本語"]

    private func expected(_ query: String, _ documents: [String], instruction: String? = nil) -> [EngineScore] {
        documents.map { FakeEngine.expected(instruction: instruction, query: query, document: $0) }
    }

    func testRerankRoutesSortAndScore() async throws {
        for path in ["/v1/rerank", "/rerank", "/v2/rerank", "/v1/rerank/", "/v1/rerank?x=1"] {
            let response = await RawHTTP.send(port: port, "POST", path, json: ["model": "Fake-Reranker", "query": "what is bm25", "documents": documents])
            XCTAssertEqual(response.status, 200, "\(path): \(String(decoding: response.body, as: UTF8.self))")
            let out = try response.decode(RerankOut.self)
            let want = expected("what is bm25", documents)
            XCTAssertEqual(out.results.count, documents.count)
            XCTAssertEqual(Set(out.results.map(\.index)), Set(0..<documents.count))
            for result in out.results {
                XCTAssertEqual(result.relevance_score, want[result.index].score, "exact, through JSON")
                XCTAssertNil(result.document, "documents only when asked")
            }
            let scores = out.results.map(\.relevance_score)
            XCTAssertEqual(scores, scores.sorted(by: >), "sorted by score")
            XCTAssertEqual(out.usage.prompt_tokens, want.reduce(0) { $0 + $1.tokens })
            XCTAssertEqual(out.usage.total_tokens, out.usage.prompt_tokens)
            XCTAssertEqual(out.model, "fake/Fake-Reranker")
            XCTAssertTrue(out.id.hasPrefix("rerank-"))
            XCTAssertEqual(response.headers["content-type"], "application/json")
        }
    }

    func testTopNReturnDocumentsObjectsAndInstruction() async throws {
        let body: [String: Any] = ["query": "q", "documents": documents.map { ["text": $0] }, "top_n": 2,
                                   "return_documents": true, "instruction": "Judge code"]
        let response = await RawHTTP.send(port: port, "POST", "/v1/rerank", json: body)
        XCTAssertEqual(response.status, 200)
        let results = try response.decode(RerankOut.self).results
        XCTAssertEqual(results.count, 2)
        let want = expected("q", documents, instruction: "Judge code")
        let best = want.indices.sorted { want[$0].score != want[$1].score ? want[$0].score > want[$1].score : $0 < $1 }
        XCTAssertEqual(results.map(\.index), Array(best.prefix(2)))
        for result in results {
            XCTAssertEqual(result.document?.text, documents[result.index])
            XCTAssertEqual(result.relevance_score, want[result.index].score)
        }
        // top_n 0 means all; larger than the count means all.
        for topN in [0, 99] {
            let all = await RawHTTP.send(port: port, "POST", "/rerank", json: ["query": "q", "documents": documents, "top_n": topN])
            XCTAssertEqual(try all.decode(RerankOut.self).results.count, documents.count)
        }
    }

    func testTEIShapeWhenTextsGiven() async throws {
        let response = await RawHTTP.send(port: port, "POST", "/rerank", json: ["query": "q", "texts": documents, "return_text": true])
        XCTAssertEqual(response.status, 200)
        let results = try response.decode([TEIOut].self)
        XCTAssertEqual(results.count, documents.count)
        let want = expected("q", documents)
        for result in results {
            XCTAssertEqual(result.score, want[result.index].score)
            XCTAssertEqual(result.text, documents[result.index])
        }
        XCTAssertEqual(results.map(\.score), results.map(\.score).sorted(by: >))
    }

    func testScoreRoutePairs() async throws {
        let oneToMany = await RawHTTP.send(port: port, "POST", "/v1/score", json: ["model": "fake/Fake-Reranker", "text_1": "q", "text_2": documents])
        XCTAssertEqual(oneToMany.status, 200)
        let data = try oneToMany.decode(ScoreOut.self).data
        XCTAssertEqual(data.map(\.index), Array(0..<documents.count), "input order")
        XCTAssertEqual(data.map(\.score), expected("q", documents).map(\.score))
        XCTAssertEqual(oneToMany.object["object"] as? String, "list")
        XCTAssertNotNil(oneToMany.object["usage"])

        let pairwise = await RawHTTP.send(port: port, "POST", "/score", json: ["text_1": ["a", "b", "a"], "text_2": ["x", "y", "z"]])
        XCTAssertEqual(pairwise.status, 200)
        XCTAssertEqual(try pairwise.decode(ScoreOut.self).data.map(\.score),
                       [("a", "x"), ("b", "y"), ("a", "z")].map { FakeEngine.expected(instruction: nil, query: $0.0, document: $0.1).score })

        let single = await RawHTTP.send(port: port, "POST", "/v1/score", json: ["text_1": "a", "text_2": "x"])
        XCTAssertEqual(try single.decode(ScoreOut.self).data.count, 1)

        let mismatch = await RawHTTP.send(port: port, "POST", "/v1/score", json: ["text_1": ["a", "b"], "text_2": ["x", "y", "z"]])
        XCTAssertEqual(mismatch.status, 400)
        XCTAssertEqual(mismatch.error["code"] as? String, "invalid_field")
    }

    func testModelsAndHealth() async throws {
        let models = await RawHTTP.send(port: port, "GET", "/v1/models")
        XCTAssertEqual(models.status, 200)
        let data = try XCTUnwrap(models.object["data"] as? [[String: Any]])
        XCTAssertEqual(data.first?["id"] as? String, "fake/Fake-Reranker")
        let health = await RawHTTP.send(port: port, "GET", "/health")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.object["status"] as? String, "ok")
    }

    func testEveryErrorHasItsStatusAndShape() async throws {
        let many = (0..<51).map { "doc \($0)" }
        let cases: [(String, String, Data?, Int, String)] = [
            ("POST", "/v1/rerank", Data("{\"query\": ".utf8), 400, "invalid_json"),
            ("POST", "/v1/rerank", Data(), 400, "invalid_json"),
            ("POST", "/v1/rerank", Data("[1, 2]".utf8), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["documents": ["a"]]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": "q"]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": "q", "documents": 5]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": "q", "documents": [1, 2]]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": 3, "documents": ["a"]]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": "q", "documents": ["a"], "top_n": "3"]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": "q", "documents": ["a"], "top_n": -1]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": "q", "documents": ["a"], "return_documents": "yes"]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": NSNull(), "documents": ["a"]]), 400, "invalid_field"),
            ("POST", "/v1/score", json(["text_1": "q"]), 400, "invalid_field"),
            ("POST", "/v1/score", json(["text_1": 1, "text_2": "x"]), 400, "invalid_field"),
            ("POST", "/v1/rerank", json(["query": "q", "documents": many]), 413, "too_many_documents"),
            ("POST", "/v1/score", json(["text_1": "q", "text_2": many]), 413, "too_many_documents"),
            ("POST", "/v1/rerank", json(["query": "q", "documents": [String(repeating: "x", count: 70_000)]]), 413, "body_too_large"),
            ("POST", "/v1/rerank", json(["model": "someone/else", "query": "q", "documents": ["a"]]), 404, "model_not_found"),
            ("GET", "/v1/nothing", nil, 404, "route_not_found"),
            ("POST", "/", nil, 404, "route_not_found"),
            ("GET", "/v1/rerank", nil, 405, "method_not_allowed"),
            ("DELETE", "/health", nil, 405, "method_not_allowed"),
            ("POST", "/v1/models", json([:]), 405, "method_not_allowed"),
            ("POST", "/v1/rerank", json(["query": "explode", "documents": ["a"]]), 500, "engine_failed"),
        ]
        for (method, path, body, status, code) in cases {
            let response = await RawHTTP.send(port: port, method, path, raw: body)
            let text = String(decoding: response.body.prefix(300), as: UTF8.self)
            XCTAssertEqual(response.status, status, "\(method) \(path) \(text)")
            XCTAssertEqual(response.error["code"] as? String, code, "\(method) \(path) \(text)")
            XCTAssertFalse((response.error["message"] as? String ?? "").isEmpty, "\(method) \(path)")
            XCTAssertFalse((response.error["type"] as? String ?? "").isEmpty, "\(method) \(path)")
            if status == 405 { XCTAssertNotNil(response.headers["allow"]) }
        }
        let missing = await RawHTTP.send(port: port, "POST", "/v1/rerank", raw: json(["documents": ["a"]]))
        XCTAssertTrue((missing.error["message"] as? String ?? "").contains("query"), "the message names the field")
        let health = await RawHTTP.send(port: port, "GET", "/health")
        XCTAssertEqual(health.status, 200)
    }

    func testHeadIsGetWithoutTheBody() async throws {
        let get = await RawHTTP.send(port: port, "GET", "/health")
        let head = await RawHTTP.send(port: port, "HEAD", "/health")
        XCTAssertEqual(head.status, 200)
        XCTAssertTrue(head.body.isEmpty, "no body")
        XCTAssertEqual(head.headers["content-length"], String(get.body.count), "GET's length")
        let models = await RawHTTP.send(port: port, "HEAD", "/v1/models")
        XCTAssertEqual(models.status, 200)
        let rerank = await RawHTTP.send(port: port, "HEAD", "/v1/rerank")
        XCTAssertEqual(rerank.status, 405)
        XCTAssertEqual(rerank.headers["allow"], "POST")
        XCTAssertTrue(rerank.body.isEmpty)
        let delete = await RawHTTP.send(port: port, "DELETE", "/health")
        XCTAssertEqual(delete.headers["allow"], "GET, HEAD")
    }

    func testOneLogLinePerRequest() async throws {
        _ = await RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": "q", "documents": ["a", "b", "c"]])
        _ = await RawHTTP.send(port: port, "GET", "/nowhere")
        let lines = fixture.log.all
        let tokens = expected("q", ["a", "b", "c"]).reduce(0) { $0 + $1.tokens }
        XCTAssertTrue(lines.contains { $0.hasPrefix("POST /v1/rerank docs=3 tokens=\(tokens) status=200 ms=") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("GET /nowhere docs=0 tokens=0 status=404 ms=") }, "\(lines)")
    }

    func testKeepAliveServesSeveralRequestsOnOneConnection() async throws {
        let body = try JSONSerialization.data(withJSONObject: ["query": "q", "documents": ["a"]])
        var head = "POST /v1/rerank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        let first = Array(head.utf8) + Array(body)
        head = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let reply = await RawHTTP.exchange(port: port, pieces: [first, Array(head.utf8)], pause: 0.05)
        let text = String(decoding: reply, as: UTF8.self)
        XCTAssertEqual(text.components(separatedBy: "HTTP/1.1 200 OK").count - 1, 2, text)
    }

    private func json(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    }
}

extension RouteTests {
    func testExpectContinueGetsTheGoAhead() async throws {
        let body = Array(#"{"query":"q","documents":["a","b"]}"#.utf8)
        let head = Array("POST /v1/rerank HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        // The body follows after a pause, as a client waiting for the 100 would send it.
        let reply = String(decoding: await RawHTTP.exchange(port: port, pieces: [head, body], pause: 0.2), as: UTF8.self)
        XCTAssertTrue(reply.hasPrefix("HTTP/1.1 100 Continue\r\n"), reply)
        XCTAssertTrue(reply.contains("HTTP/1.1 200 OK"), reply)
    }
}
