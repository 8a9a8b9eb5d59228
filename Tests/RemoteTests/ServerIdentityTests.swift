import Foundation
@testable import Remote
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A server's reported model (TEI /info, vLLM and llama.cpp /v1/models) joins the http scorer's
/// fingerprint; a server that reports nothing keeps the fingerprint it always had.
final class ServerIdentityTests: FaultServerTestCase {
    /// What the server answers on GET <endpoint's root>/info and /v1/models (nil: 404).
    private func setIdentity(_ endpoint: String, info: [String: Any]?, models: [String: Any]?) async throws {
        let server = try fault()
        guard let path = URLComponents(string: endpoint)?.path,
              let url = URL(string: "http://127.0.0.1:\(server.port)/identity" + path.replacingOccurrences(of: "/v1/rerank", with: "")
                                    .replacingOccurrences(of: "/rerank", with: "")) else { return XCTFail("bad endpoint") }
        var request = URLRequest(url: url)
        request.httpMethod = "PUT"
        request.httpBody = try JSONSerialization.data(withJSONObject: ["info": info.map { $0 as Any } ?? NSNull(),
                                                                     "models": models.map { $0 as Any } ?? NSNull()])
        let _: Void = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, _, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }.resume()
        }
    }

    private func fingerprint(_ endpoint: String, flavour: String = "vllm") async throws -> String {
        let config = HTTPScorerConfig(endpoint: endpoint, model: "reranker", flavour: flavour, timeoutSeconds: 5)
        return try await HTTPScorer.connect(id: "r", config: config, environment: [:]).fingerprint
    }

    func testServerWithoutIdentityKeepsItsFingerprint() async throws {
        let endpoint = try fault().url("ok")
        let plain = try HTTPScorer(id: "r", config: HTTPScorerConfig(endpoint: endpoint, model: "reranker", flavour: "vllm",
                                                                     timeoutSeconds: 5), environment: [:])
        let asked = try await fingerprint(endpoint)
        XCTAssertEqual(asked, plain.fingerprint, "no /info, no /v1/models: the fingerprint of old caches")
        XCTAssertFalse(asked.contains("server="))
    }

    func testTEIRevisionJoinsTheFingerprint() async throws {
        let endpoint = try fault().url("ok", route: "rerank")
        try await setIdentity(endpoint, info: ["model_id": "BAAI/bge-reranker-base", "model_sha": "aaaa", "model_dtype": "float16",
                                               "max_concurrent_requests": 512], models: nil)
        let first = try await fingerprint(endpoint, flavour: "tei")
        XCTAssertTrue(first.contains(" server="), first)
        let got1 = try await fingerprint(endpoint, flavour: "tei")
        XCTAssertEqual(got1, first, "the same server, the same fingerprint")
        try await setIdentity(endpoint, info: ["model_id": "BAAI/bge-reranker-base", "model_sha": "bbbb", "model_dtype": "float16",
                                               "max_concurrent_requests": 512], models: nil)
        let got2 = try await fingerprint(endpoint, flavour: "tei")
        XCTAssertNotEqual(got2, first, "a new revision never reuses scores")
        // Settings that do not change scores do not change the fingerprint.
        let second = try await fingerprint(endpoint, flavour: "tei")
        try await setIdentity(endpoint, info: ["model_id": "BAAI/bge-reranker-base", "model_sha": "bbbb", "model_dtype": "float16",
                                               "max_concurrent_requests": 8], models: nil)
        let got3 = try await fingerprint(endpoint, flavour: "tei")
        XCTAssertEqual(got3, second)
    }

    func testVLLMAndLlamaCppModelsJoinTheFingerprint() async throws {
        let endpoint = try fault().url("ok")
        // The fault server adds a `created` time that changes on every call, as vLLM does.
        try await setIdentity(endpoint, info: nil, models: ["object": "list", "data": [
            ["id": "reranker", "object": "model", "root": "/models/qwen3-reranker-0.6b"]]])
        let vllm = try await fingerprint(endpoint)
        XCTAssertTrue(vllm.contains(" server="), vllm)
        let got4 = try await fingerprint(endpoint)
        XCTAssertEqual(got4, vllm)
        try await setIdentity(endpoint, info: nil, models: ["object": "list", "data": [
            ["id": "reranker", "object": "model", "root": "/models/qwen3-reranker-4b"]]])
        let got5 = try await fingerprint(endpoint)
        XCTAssertNotEqual(got5, vllm, "another model behind the same name")
        // llama.cpp: the file behind the alias, by its size and parameter count.
        try await setIdentity(endpoint, info: nil, models: ["object": "list", "data": [
            ["id": "reranker", "object": "model", "meta": ["n_params": 595_776_512, "size": 1_198_000_000, "n_vocab": 151_669]]]])
        let llama = try await fingerprint(endpoint)
        try await setIdentity(endpoint, info: nil, models: ["object": "list", "data": [
            ["id": "reranker", "object": "model", "meta": ["n_params": 595_776_512, "size": 639_000_000, "n_vocab": 151_669]]]])
        let got6 = try await fingerprint(endpoint)
        XCTAssertNotEqual(got6, llama, "a requantized file")
    }

    /// The card shows what the server reports, each fact only where it reports it, and stays
    /// as it was for a server that reports nothing.
    func testTheCardShowsWhatTheServerSaysItServes() async throws {
        let tei = try fault().url("ok", route: "rerank")
        try await setIdentity(tei, info: ["model_id": "BAAI/bge-reranker-base", "model_sha": "2cfc18c9", "model_dtype": "float16",
                                          "max_input_length": 512, "max_concurrent_requests": 512], models: nil)
        let teiCard = try await HTTPScorer.connect(id: "t", config: HTTPScorerConfig(endpoint: tei, model: "", flavour: "tei", timeoutSeconds: 5),
                                                   environment: [:]).card
        XCTAssertEqual(teiCard.name, "BAAI/bge-reranker-base", "no `model:`: the server's own name")
        XCTAssertEqual(teiCard.model, "BAAI/bge-reranker-base")
        XCTAssertEqual(teiCard.servedModel, "BAAI/bge-reranker-base")
        XCTAssertEqual(teiCard.revision, "2cfc18c9")
        XCTAssertEqual(teiCard.precision, "float16")
        XCTAssertEqual(teiCard.maxLength, 512)
        XCTAssertEqual(teiCard.backend, "http server, tei request shape")
        XCTAssertEqual(teiCard.queryFormat, "the tei request shape has no instruction field: the server's own prompt applies")
        XCTAssertFalse(teiCard.readsInstruction)

        let llama = try fault().url("ok")
        try await setIdentity(llama, info: nil, models: ["object": "list", "data": [
            ["id": "other", "object": "model"],
            ["id": "Reranker", "object": "model", "meta": ["n_params": 595_776_512, "size": 1_198_000_000, "n_ctx_train": 40960]]]])
        let llamaCard = try await HTTPScorer.connect(id: "l", config: HTTPScorerConfig(endpoint: llama, model: "reranker", timeoutSeconds: 5),
                                                     environment: [:]).card
        XCTAssertEqual(llamaCard.name, "reranker", "the model asked for names the card")
        XCTAssertEqual(llamaCard.servedModel, "Reranker", "of two models, the one asked for")
        XCTAssertEqual(llamaCard.parameters, 595_776_512)
        XCTAssertEqual(llamaCard.bytes, 1_198_000_000)
        XCTAssertNil(llamaCard.maxLength, "n_ctx_train is not the served context")
        XCTAssertEqual(llamaCard.queryFormat, "each case's instruction is sent in the request's instruction field")
        XCTAssertTrue(llamaCard.readsInstruction)

        let silent = try fault().url("ok")
        let silentCard = try await HTTPScorer.connect(id: "s", config: HTTPScorerConfig(endpoint: silent, model: "", instruction: "Judge code",
                                                                                        timeoutSeconds: 5), environment: [:]).card
        XCTAssertEqual(silentCard.name, "127.0.0.1:\(try fault().port)")
        XCTAssertNil(silentCard.model)
        XCTAssertNil(silentCard.servedModel)
        XCTAssertNil(silentCard.precision)
        XCTAssertEqual(silentCard.instruction, "Judge code")
        XCTAssertEqual(silentCard.queryFormat, "the fixed instruction is sent in each request's instruction field")
    }

    func testIdentityRoutesReplaceTheRerankRoute() {
        XCTAssertEqual(ServerIdentity.url(of: "/info", endpoint: URL(string: "http://h:8000/v1/rerank")!)?.absoluteString, "http://h:8000/info")
        XCTAssertEqual(ServerIdentity.url(of: "/v1/models", endpoint: URL(string: "http://h/tei/rerank")!)?.absoluteString, "http://h/tei/v1/models")
        XCTAssertEqual(ServerIdentity.url(of: "/info", endpoint: URL(string: "http://h/rerank?token=abc")!)?.absoluteString, "http://h/info?token=abc",
                       "a token the rerank route needs goes to the identity routes too")
        XCTAssertNil(ServerIdentity.facts(route: "/info", json: Data("<html>".utf8)))
        XCTAssertNil(ServerIdentity.facts(route: "/v1/models", json: Data("{\"data\": []}".utf8)))
    }
}
