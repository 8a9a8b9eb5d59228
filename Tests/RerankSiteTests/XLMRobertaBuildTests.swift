import Foundation
import XCTest
import Encoders
@testable import RerankSite

/// XLM-RoBERTa models in a build and from the `score` command: `kind: cross-encoder` on the
/// bge-reranker-v2-m3-shaped random-weight fixture and `kind: embedding` on the bge-m3-shaped one
/// (scripts/fixtures/xlmr.sh); their cards; the `bge-reranker-v2-m3` alias found in a Hugging Face cache.
final class XLMRobertaBuildTests: XCTestCase {
    private static func fixture(_ name: String) throws -> URL {
        try TestProject.fixture("xlmr/\(name)", holding: "model.safetensors", madeBy: "xlmr.sh")
    }

    func testCrossEncoderAndEmbeddingScorersInABuild() async throws {
        let ce = try Self.fixture("xlmr-ce"), embedding = try Self.fixture("xlmr-emb-cls")
        let config = baselineConfig + """

          - id: m3
            kind: cross-encoder
            model: \(ce.path)
          - id: m3e
            kind: embedding
            model: \(embedding.path)
        """
        let project = try TestProject(config: config, cases: twoCases)
        defer { project.remove() }
        let first = try await project.build()
        XCTAssertEqual(first.scored, first.pairs)
        let index = try project.text("index.html")
        let card = ScorerCardBuildTests.cardFacts(index, scorer: "m3")
        XCTAssertEqual(card["Architecture"], "XLM-RoBERTa encoder, 2 layers, 64 wide, 4 heads, a classification head (dense, tanh, out_proj) on the &lt;s&gt; state")
        XCTAssertEqual(card["Tokenizer"], "SentencePiece Unigram, 3,002 tokens in its vocabulary")
        XCTAssertEqual(card["Max length"], "128 tokens (longer inputs are cut)")
        XCTAssertEqual(card["Input"], "query and candidate read together as &lt;s&gt; query &lt;/s&gt;&lt;/s&gt; candidate &lt;/s&gt;; the instruction is not read")
        XCTAssertEqual(card["Score"], "sigmoid of the classifier&#39;s logit")
        let embeddingCard = ScorerCardBuildTests.cardFacts(index, scorer: "m3e")
        XCTAssertEqual(embeddingCard["Tokenizer"], "SentencePiece Unigram, 3,002 tokens in its vocabulary")
        XCTAssertTrue(embeddingCard["Score"]?.contains("first token") == true, "\(embeddingCard)")

        // The build's scores are the model's own.
        let json = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8)) as? [String: Any]
        let cases = json?["cases"] as? [[String: Any]] ?? []
        let breakup = try XCTUnwrap(cases.first { $0["slug"] as? String == "music/breakup" })
        let ranking = (breakup["rankings"] as? [[String: Any]] ?? []).first { $0["scorer"] as? String == "m3" && $0["variant"] as? String == "query" }
        let scores = ranking?["scores"] as? [Double] ?? []
        let candidates = (breakup["candidates"] as? [[String: Any]] ?? []).map { $0["text"] as? String ?? "" }
        let want = try BertCrossEncoder(folder: ce).score(query: breakup["query"] as? String ?? "", documents: candidates).map(\.score)
        XCTAssertEqual(scores.count, 3)
        for (a, b) in zip(scores, want) { XCTAssertEqual(a, b, accuracy: 1e-9) }
        let second = try await project.build()
        XCTAssertEqual(second.scored, 0)
    }

    /// `score --model bge-reranker-v2-m3` finds the model in the Hugging Face cache (HF_HOME, offline).
    func testScoreCommandFindsTheAliasInTheHubCache() throws {
        let ce = try Self.fixture("xlmr-ce")
        let home = try temporaryFolder("xlmr-hf")
        let commit = String(repeating: "a", count: 40)
        let repo = home.appendingPathComponent("hub/models--BAAI--bge-reranker-v2-m3")
        let snapshot = repo.appendingPathComponent("snapshots/\(commit)")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try commit.write(to: repo.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        for name in ["config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: ce.appendingPathComponent(name), to: snapshot.appendingPathComponent(name))
        }
        let documents = ["Unplug the router for thirty seconds.", "东京都渋谷区、ＪＲ山手線。"]
        let process = Process()
        process.executableURL = try BuildProcess.binary()
        process.arguments = ["score", "--json", "--model", "bge-reranker-v2-m3", "--query", "restart a router"] + documents
        process.environment = ["HF_HOME": home.path, "HF_HUB_OFFLINE": "1", "HOME": home.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        struct Out: Decodable { struct R: Decodable { let score: Double; let logit: Double }; let results: [R] }
        let got = try JSONDecoder().decode(Out.self, from: data).results
        let want = try BertCrossEncoder(folder: ce).score(query: "restart a router", documents: documents)
        XCTAssertEqual(got.count, 2)
        // The child may run other OpenBLAS kernels than this process (it picks AVX-512 ones itself
        // unless OPENBLAS_CORETYPE says otherwise), which round differently, by about 1e-7.
        for (g, w) in zip(got, want) { XCTAssertEqual(g.score, w.score, accuracy: 1e-6) }
    }
}
