import Foundation
import RerankCore
@testable import Remote
import XCTest

final class HTTPScorerTests: FaultServerTestCase {
    private func config(_ endpoint: String, _ change: (inout HTTPScorerConfig) -> Void = { _ in }) -> HTTPScorerConfig {
        var config = HTTPScorerConfig(endpoint: endpoint, model: "fake-reranker", documentsPerRequest: 2, maxInFlight: 3,
                                      timeoutSeconds: 5, retries: 3, backoffSeconds: 0.05)
        change(&config)
        return config
    }

    private let requests = [
        ScoreRequest(instruction: "Find answers", query: "what is BM25", documents: ["a ranking function", "a bird", "Okapi BM25 ranks documents", "", "日本語の文書"]),
        ScoreRequest(instruction: "Find answers", query: "rerankers", documents: ["cross-encoders", "x", "yz"]),
    ]

    private func expected(_ requests: [ScoreRequest]) -> [[Double]] {
        requests.map { r in r.documents.map { FaultServer.expectedScore(query: r.query, document: $0) } }
    }

    private func expectError(_ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async -> HTTPScorerError? {
        do {
            try await body()
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch let error as HTTPScorerError {
            return error
        } catch {
            XCTFail("expected HTTPScorerError, got \(error)", file: file, line: line)
            return nil
        }
    }

    // MARK: flavours

    func testJinaScoresMapBackByIndexAcrossChunks() async throws {
        let server = try fault()
        let endpoint = server.url("ok")
        let scorer = try HTTPScorer(id: "remote", config: config(endpoint), environment: [:])
        let scores = try await scorer.score(requests)
        XCTAssertEqual(scores.map { $0.map(\.score) }, expected(requests))
        let log = try await server.log(for: endpoint)
        XCTAssertEqual(log.count, 5, "5 + 3 documents in chunks of 2 make 3 + 2 requests")
        let body = try XCTUnwrap(log.first?["body"] as? [String: Any])
        XCTAssertEqual(body["model"] as? String, "fake-reranker")
        XCTAssertEqual(body["return_documents"] as? Bool, false)
        XCTAssertNotNil(body["top_n"])
        XCTAssertEqual(scorer.kind, "http")
        XCTAssertFalse(scorer.dependsOnCollection)
    }

    func testTEIFlavour() async throws {
        let server = try fault()
        let endpoint = server.url("ok", route: "rerank")
        let scorer = try HTTPScorer(id: "tei", config: config(endpoint) { $0.flavour = "tei"; $0.documentsPerRequest = 10 }, environment: [:])
        let scores = try await scorer.score(requests)
        XCTAssertEqual(scores.map { $0.map(\.score) }, expected(requests))
        let log = try await server.log(for: endpoint)
        XCTAssertEqual(log.count, 2)
        let body = try XCTUnwrap(log.first?["body"] as? [String: Any])
        XCTAssertNotNil(body["texts"])
        XCTAssertNil(body["documents"])
        XCTAssertNil(body["instruction"], "TEI has no instruction field")
        XCTAssertEqual(body["truncate"] as? Bool, true)
        XCTAssertFalse(scorer.usesInstruction)
    }

    func testEmptyModelIsLeftOut() async throws {
        let server = try fault()
        let endpoint = server.url("ok")
        let scorer = try HTTPScorer(id: "m", config: config(endpoint) { $0.model = "" }, environment: [:])
        let scores = try await scorer.score([requests[1]])
        XCTAssertEqual(scores.map { $0.map(\.score) }, expected([requests[1]]))
        let bodies = try await server.log(for: endpoint).compactMap { $0["body"] as? [String: Any] }
        XCTAssertFalse(bodies.isEmpty)
        XCTAssertTrue(bodies.allSatisfy { $0["model"] == nil })
    }

    func testEmptyRequestsNeedNoServer() async throws {
        let scorer = try HTTPScorer(id: "x", config: config("http://127.0.0.1:9/v1/rerank") { $0.retries = 0 }, environment: [:])
        let scores = try await scorer.score([ScoreRequest(instruction: "i", query: "q", documents: [])])
        XCTAssertEqual(scores.count, 1)
        XCTAssertEqual(scores[0], [])
        let none = try await scorer.score([])
        XCTAssertEqual(none.count, 0)
    }

    func testInstructionHandling() async throws {
        let server = try fault()
        let fromRequest = server.url("ok")
        let scorer = try HTTPScorer(id: "a", config: config(fromRequest), environment: [:])
        XCTAssertTrue(scorer.usesInstruction)
        _ = try await scorer.score([requests[1]])
        var bodies = try await server.log(for: fromRequest).compactMap { $0["body"] as? [String: Any] }
        XCTAssertEqual(Set(bodies.compactMap { $0["instruction"] as? String }), ["Find answers"])

        let fixedEndpoint = server.url("ok")
        let fixed = try HTTPScorer(id: "b", config: config(fixedEndpoint) { $0.instruction = "Judge code" }, environment: [:])
        XCTAssertFalse(fixed.usesInstruction)
        _ = try await fixed.score([requests[1]])
        bodies = try await server.log(for: fixedEndpoint).compactMap { $0["body"] as? [String: Any] }
        XCTAssertEqual(Set(bodies.compactMap { $0["instruction"] as? String }), ["Judge code"])

        let omitEndpoint = server.url("ok")
        let omit = try HTTPScorer(id: "c", config: config(omitEndpoint) { $0.sendInstruction = false }, environment: [:])
        XCTAssertFalse(omit.usesInstruction)
        _ = try await omit.score([requests[1]])
        bodies = try await server.log(for: omitEndpoint).compactMap { $0["body"] as? [String: Any] }
        XCTAssertFalse(bodies.isEmpty)
        XCTAssertTrue(bodies.allSatisfy { $0["instruction"] == nil })
    }

    func testFingerprintCoversEndpointModelFlavourAndInstruction() throws {
        let base = config("http://127.0.0.1:8000/v1/rerank")
        func print(_ change: (inout HTTPScorerConfig) -> Void) throws -> String {
            var c = base
            change(&c)
            return try HTTPScorer(id: "x", config: c, environment: ["K": "k"]).fingerprint
        }
        let reference = try print { _ in }
        XCTAssertEqual(reference, try print { $0.documentsPerRequest = 7; $0.maxInFlight = 1; $0.retries = 0 }, "transport settings do not change scores")
        XCTAssertEqual(reference, try print { $0.apiKeyEnv = "K" }, "the key is not part of the identity")
        XCTAssertNotEqual(reference, try print { $0.endpoint = "http://127.0.0.1:8001/v1/rerank" })
        XCTAssertNotEqual(reference, try print { $0.model = "other" })
        XCTAssertNotEqual(reference, try print { $0.flavour = "tei" })
        XCTAssertNotEqual(reference, try print { $0.instruction = "fixed" })
        XCTAssertNotEqual(reference, try print { $0.sendInstruction = false })
        XCTAssertEqual(reference, try print { $0.flavour = "vllm" }, "aliases of one shape are one flavour")
        let withUser = try print { $0.endpoint = "http://user:pw@127.0.0.1:8000/v1/rerank" }
        XCTAssertFalse(withUser.contains("pw"), withUser)
    }

    func testBareHostGetsTheFlavourRoute() throws {
        let jina = try HTTPScorer(id: "x", config: config("http://127.0.0.1:8000"), environment: [:])
        XCTAssertEqual(jina.url.absoluteString, "http://127.0.0.1:8000/v1/rerank")
        let tei = try HTTPScorer(id: "x", config: config("http://127.0.0.1:8000/") { $0.flavour = "tei" }, environment: [:])
        XCTAssertEqual(tei.url.absoluteString, "http://127.0.0.1:8000/rerank")
    }

    // MARK: API key

    func testAPIKeyIsSentButNeverShown() async throws {
        let server = try fault()
        let secret = "sk-test-0123456789abcdef"
        let endpoint = server.url("ok")
        let scorer = try HTTPScorer(id: "k", config: config(endpoint) { $0.apiKeyEnv = "RERANK_TEST_KEY" },
                                    environment: ["RERANK_TEST_KEY": secret])
        _ = try await scorer.score([requests[1]])
        let headers = try await server.log(for: endpoint).compactMap { $0["headers"] as? [String: String] }
        XCTAssertFalse(headers.isEmpty)
        XCTAssertTrue(headers.allSatisfy { $0["authorization"] == "Bearer " + secret })
        XCTAssertFalse(scorer.fingerprint.contains(secret))
        XCTAssertFalse(String(describing: scorer.config).contains(secret))

        let failing = try HTTPScorer(id: "k", config: config(server.url("400")) { $0.apiKeyEnv = "RERANK_TEST_KEY" },
                                     environment: ["RERANK_TEST_KEY": secret])
        let error = await expectError { _ = try await failing.score([self.requests[1]]) }
        XCTAssertFalse("\(String(describing: error))".contains(secret))

        let noKey = server.url("ok")
        let anonymous = try HTTPScorer(id: "a", config: config(noKey), environment: ["RERANK_TEST_KEY": secret])
        _ = try await anonymous.score([requests[1]])
        let sent = try await server.log(for: noKey).compactMap { $0["headers"] as? [String: String] }
        XCTAssertTrue(sent.allSatisfy { $0["authorization"] == nil })
    }

    func testMissingKeyVariableIsAnError() {
        XCTAssertThrowsError(try HTTPScorer(id: "k", config: config("http://127.0.0.1:1") { $0.apiKeyEnv = "NOT_SET_ANYWHERE" }, environment: [:])) {
            XCTAssertEqual($0 as? HTTPScorerError, .missingAPIKey(variable: "NOT_SET_ANYWHERE"))
        }
        XCTAssertThrowsError(try HTTPScorer(id: "k", config: config("http://127.0.0.1:1") { $0.apiKeyEnv = "EMPTY" }, environment: ["EMPTY": ""]))
    }

    // MARK: faults

    func testTimeoutsAreRetriedThenReported() async throws {
        let server = try fault()
        let endpoint = server.url("slow")
        let scorer = try HTTPScorer(id: "t", config: config(endpoint) { $0.timeoutSeconds = 0.5; $0.retries = 1 }, environment: [:])
        let started = Date()
        let error = await expectError { _ = try await scorer.score([self.requests[1]]) }
        guard case let .transport(url, _, attempts) = error else { return XCTFail("expected a transport error, got \(String(describing: error))") }
        XCTAssertEqual(attempts, 2)
        XCTAssertTrue(url.hasSuffix("/v1/rerank"))
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(elapsed, 0.95, "two attempts of 0.5 s each")
        XCTAssertLessThan(elapsed, 2.9, "the 3 s server delay was not waited out")
    }

    func testOneTimeoutThenSuccess() async throws {
        let server = try fault()
        let scorer = try HTTPScorer(id: "t", config: config(server.url("slow-1")) { $0.timeoutSeconds = 0.7; $0.documentsPerRequest = 10 }, environment: [:])
        let scores = try await scorer.score([requests[0]])
        XCTAssertEqual(scores.map { $0.map(\.score) }, expected([requests[0]]))
    }

    func testDroppedConnectionsAreRetried() async throws {
        let server = try fault()
        let scorer = try HTTPScorer(id: "d", config: config(server.url("drop-2")) { $0.documentsPerRequest = 10 }, environment: [:])
        let scores = try await scorer.score([requests[0]])
        XCTAssertEqual(scores.map { $0.map(\.score) }, expected([requests[0]]))

        let always = try HTTPScorer(id: "d", config: config(server.url("dropall")) { $0.retries = 2 }, environment: [:])
        let error = await expectError { _ = try await always.score([self.requests[1]]) }
        guard case let .transport(_, _, attempts) = error else { return XCTFail("expected a transport error, got \(String(describing: error))") }
        XCTAssertEqual(attempts, 3)
    }

    func testConnectionRefusedIsATransportError() async throws {
        // Port 9 (discard) is not listened on in the test environment.
        let scorer = try HTTPScorer(id: "r", config: config("http://127.0.0.1:9/v1/rerank") { $0.retries = 1 }, environment: [:])
        let error = await expectError { _ = try await scorer.score([self.requests[1]]) }
        guard case .transport = error else { return XCTFail("expected a transport error, got \(String(describing: error))") }
    }

    func test429HonoursRetryAfterSeconds() async throws {
        let server = try fault()
        let endpoint = server.url("429-1")
        let scorer = try HTTPScorer(id: "r", config: config(endpoint) { $0.documentsPerRequest = 10 }, environment: [:])
        let scores = try await scorer.score([requests[1]])
        XCTAssertEqual(scores.map { $0.map(\.score) }, expected([requests[1]]))
        let times = try await server.log(for: endpoint).compactMap { $0["time"] as? Double }
        XCTAssertEqual(times.count, 2)
        XCTAssertGreaterThanOrEqual(times[1] - times[0], 0.95, "Retry-After: 1 must be waited")
    }

    func test429HonoursRetryAfterDate() async throws {
        let server = try fault()
        let endpoint = server.url("429date")
        let scorer = try HTTPScorer(id: "r", config: config(endpoint) { $0.documentsPerRequest = 10 }, environment: [:])
        _ = try await scorer.score([requests[1]])
        let times = try await server.log(for: endpoint).compactMap { $0["time"] as? Double }
        XCTAssertEqual(times.count, 2)
        // The date is 2 s ahead at one-second resolution: at least 1 s must pass.
        XCTAssertGreaterThanOrEqual(times[1] - times[0], 0.95)
    }

    func testRetryAfterTooLongGivesUpAtOnce() async throws {
        let server = try fault()
        let scorer = try HTTPScorer(id: "r", config: config(server.url("429long")), environment: [:])
        let started = Date()
        let error = await expectError { _ = try await scorer.score([self.requests[1]]) }
        guard case let .httpStatus(_, status, body, attempts) = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertEqual(status, 429)
        XCTAssertEqual(attempts, 1)
        XCTAssertTrue(body.contains("come back in an hour"), body)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    func test5xxRetriedThenSuccessOrReported() async throws {
        let server = try fault()
        let scorer = try HTTPScorer(id: "r", config: config(server.url("500-2")) { $0.documentsPerRequest = 10 }, environment: [:])
        let scores = try await scorer.score([requests[0]])
        XCTAssertEqual(scores.map { $0.map(\.score) }, expected([requests[0]]))

        let endpoint = server.url("503all")
        let failing = try HTTPScorer(id: "r", config: config(endpoint) { $0.retries = 2; $0.documentsPerRequest = 10 }, environment: [:])
        let error = await expectError { _ = try await failing.score([self.requests[1]]) }
        XCTAssertEqual(error, .httpStatus(url: try EndpointAddress(endpoint, defaultPath: "/v1/rerank").shown, status: 503, body: "overloaded", attempts: 3))
    }

    func test400FailsAtOnceWithTheServersMessage() async throws {
        let server = try fault()
        let endpoint = server.url("400")
        let scorer = try HTTPScorer(id: "r", config: config(endpoint) { $0.documentsPerRequest = 10 }, environment: [:])
        let error = await expectError { _ = try await scorer.score([self.requests[1]]) }
        guard case let .httpStatus(url, status, body, attempts) = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertEqual(status, 400)
        XCTAssertEqual(attempts, 1)
        XCTAssertEqual(body, "query is too long for this model")
        XCTAssertTrue(url.contains("127.0.0.1"))
        XCTAssertTrue("\(error!)".contains("HTTP 400"))
        let log = try await server.log(for: endpoint)
        XCTAssertEqual(log.count, 1, "a 400 is not retried")
    }

    func testMismatchedResponsesAreErrors() async throws {
        let server = try fault()
        for (behaviour, words) in [("badcount", "results for"), ("badindex", "outside"), ("dupindex", "twice"),
                                   ("notjson", "not a jina"), ("nan", "not a jina")] {
            let endpoint = server.url(behaviour)
            let scorer = try HTTPScorer(id: "m", config: config(endpoint) { $0.documentsPerRequest = 10 }, environment: [:])
            let error = await expectError { _ = try await scorer.score([self.requests[0]]) }
            guard case let .badResponse(_, message, _) = error else {
                XCTFail("\(behaviour): expected badResponse, got \(String(describing: error))")
                continue
            }
            XCTAssertTrue(message.contains(words), "\(behaviour): \(message)")
            let log = try await server.log(for: endpoint)
            XCTAssertEqual(log.count, 1, "\(behaviour): a mismatched response is not retried")
        }
    }
}
