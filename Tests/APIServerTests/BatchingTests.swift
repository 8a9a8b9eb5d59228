import APIServer
import Foundation
import XCTest

final class BatchingTests: XCTestCase {
    /// Twenty concurrent requests against a slow engine share batches, and every score equals
    /// the one the same request gets alone.
    func testConcurrentRequestsAreBatchedWithIdenticalScores() async throws {
        let fixture = try await TestServer(delay: 0.2)
        let port = fixture.port
        var requests: [[String: Any]] = []
        for n in 0..<20 {
            var body: [String: Any] = ["query": "query \(n % 7)"]
            body["documents"] = (0..<(1 + n % 5)).map { "document \(n)-\($0)" }
            if n % 3 == 0 { body["instruction"] = "Judge code" }
            requests.append(body)
        }
        let together = await withTaskGroup(of: (Int, RawResponse).self) { group -> [Int: RawResponse] in
            for (n, body) in requests.enumerated() {
                group.addTask { (n, await RawHTTP.send(port: port, "POST", "/v1/rerank", json: body)) }
            }
            var out: [Int: RawResponse] = [:]
            for await (n, response) in group { out[n] = response }
            return out
        }
        let batchedRuns = await fixture.server.batchesRun()
        XCTAssertLessThan(batchedRuns, requests.count, "concurrent requests must share engine batches: \(fixture.engine.batchLog)")

        for (n, body) in requests.enumerated() {
            let alone = await RawHTTP.send(port: port, "POST", "/v1/rerank", json: body)
            let a = try XCTUnwrap(together[n]).decode(RerankOut.self).results
            let b = try alone.decode(RerankOut.self).results
            XCTAssertEqual(a.map(\.index), b.map(\.index), "request \(n)")
            XCTAssertEqual(a.map(\.relevance_score), b.map(\.relevance_score), "request \(n)")
            let documents = body["documents"] as? [String] ?? []
            let instruction = body["instruction"] as? String
            for result in a {
                XCTAssertEqual(result.relevance_score,
                               FakeEngine.expected(instruction: instruction, query: body["query"] as? String ?? "", document: documents[result.index]).score)
            }
        }
        await fixture.stop()
    }

    func testBatchesRespectTheDocumentLimit() async throws {
        let fixture = try await TestServer(delay: 0.1) { $0.maxBatchDocuments = 8 }
        let port = fixture.port
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<12 {
                group.addTask {
                    _ = await RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": "q\(n)", "documents": ["a", "b", "c"]])
                }
            }
        }
        let batches = fixture.engine.batchLog
        XCTAssertEqual(batches.flatMap { $0 }.reduce(0, +), 36)
        XCTAssertTrue(batches.allSatisfy { $0.reduce(0, +) <= 8 }, "\(batches)")
        await fixture.stop()
    }

    /// A client that hangs up while its request is queued costs the engine nothing: the request
    /// leaves the queue, and the log says 499.
    func testQueuedRequestOfAClientThatLeftIsDropped() async throws {
        let fixture = try await TestServer(delay: 0.6) { $0.maxBatchDocuments = 2 }
        let port = fixture.port
        async let first = RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": "first", "documents": ["a", "b"]])
        try await Task.sleep(nanoseconds: 150_000_000)   // the first request is in the engine now
        let body = try JSONSerialization.data(withJSONObject: ["query": "gone", "documents": ["c", "d"]])
        // Sends the request, waits 0.1 s for an answer that cannot come yet, and closes.
        let left = await RawHTTP.exchange(port: port, pieces: [RawHTTP.request("POST", "/v1/rerank", body: body)], readTimeout: 0.1)
        XCTAssertTrue(left.isEmpty)
        let answered = await first
        XCTAssertEqual(answered.status, 200)
        let after = await RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": "after", "documents": ["e", "f"]])
        XCTAssertEqual(after.status, 200)
        XCTAssertEqual(fixture.engine.batchLog, [[2], [2]], "the request of the client that left never reached the engine")
        let lines = fixture.log.all
        XCTAssertTrue(lines.contains { $0.hasPrefix("POST /v1/rerank docs=2 tokens=0 status=499 ms=") }, "\(lines)")
        await fixture.stop()
    }

    func testFullQueueAnswers503() async throws {
        let fixture = try await TestServer(delay: 0.5) { $0.maxQueuedDocuments = 10; $0.maxBatchDocuments = 10 }
        let port = fixture.port
        let statuses = await withTaskGroup(of: Int.self) { group -> [Int] in
            for n in 0..<8 {
                group.addTask { await RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": "q\(n)", "documents": ["a", "b", "c", "d"]]).status }
            }
            var out: [Int] = []
            for await status in group { out.append(status) }
            return out
        }
        XCTAssertTrue(statuses.contains(200))
        XCTAssertTrue(statuses.contains(503), "\(statuses)")
        XCTAssertTrue(statuses.allSatisfy { $0 == 200 || $0 == 503 }, "\(statuses)")
        await fixture.stop()
    }
}
