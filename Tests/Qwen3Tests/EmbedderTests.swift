import Foundation
import XCTest
@testable import Qwen3

/// The committed reference vectors (Tests/Qwen3Tests/Fixtures/embedding_cases.json, by the dev-only
/// scripts/engine/make_embedding_fixture.py) and the generated model folders
/// (fixtures-generated/qwen3-embedding, by scripts/fixtures/qwen3-embedding.sh).
struct EmbeddingFixture: Decodable {
    struct Case: Decodable {
        let model: String
        let task: String?
        let queries: [String]
        let query_texts: [String]
        let documents: [String]
        let max_length: Int
        let padding_side: String
        let ids: [[Int32]]
        let full_lengths: [Int]
        let vectors: [[Double]]
        let cosines: [[Double]]
    }
    let eos_id: Int32
    let default_task: String
    let models: [String: [String: String]]
    let cases: [Case]

    static func load() throws -> EmbeddingFixture {
        let url = RerankerFixture.repoRoot.appendingPathComponent("Tests/Qwen3Tests/Fixtures/embedding_cases.json")
        return try JSONDecoder().decode(EmbeddingFixture.self, from: Data(contentsOf: url))
    }

    /// The folder of the generated models; fails the test when they were not generated.
    static func modelsFolder(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        try RerankerFixture.generatedFixture("qwen3-embedding", holding: "embed-bf16/config.json", madeBy: "qwen3-embedding.sh",
                                             file: file, line: line)
    }
}

/// Qwen3-Embedding on the shared Qwen3 engine against transformers' AutoModel with the model
/// card's last_token_pool, on random-weight models (bf16 without the `model.` tensor prefix, f32
/// with it in two shards), left and right padding, cut and uncut texts.
final class EmbedderTests: XCTestCase {
    func testVectorsMatchTransformers() throws {
        let fixture = try EmbeddingFixture.load()
        let folder = try EmbeddingFixture.modelsFolder()
        var maxComponent = 0.0, maxCosine = 0.0, texts = 0, pairs = 0
        var sides = Set<String>()
        var loaded: [String: Qwen3Embedder] = [:]   // one per model and max length (loading is the slow part)
        for c in fixture.cases {
            let key = "\(c.model) \(c.max_length)"
            let embedder = try loaded[key] ?? Qwen3Embedder(folder: folder.appendingPathComponent(c.model),
                                                           options: EmbedderOptions(maxLength: c.max_length))
            loaded[key] = embedder
            // The instruction format, exactly.
            for (query, want) in zip(c.queries, c.query_texts) {
                XCTAssertEqual(Qwen3Embedder.queryText(instruction: c.task ?? "", query: query), want)
            }
            let inputs = c.query_texts + c.documents
            let got = try embedder.embed(inputs)
            XCTAssertEqual(got.count, c.vectors.count)
            for (i, text) in inputs.enumerated() {
                let encoding = try embedder.encode(text)
                XCTAssertEqual(encoding.ids, c.ids[i], "\(c.model) text \(i): ids")
                XCTAssertEqual(encoding.ids.last, fixture.eos_id, "\(c.model) text \(i): pooled at <|endoftext|>")
                XCTAssertEqual(got[i].tokens, c.ids[i].count)
                XCTAssertEqual(got[i].fullTokens, c.full_lengths[i])
                XCTAssertEqual(got[i].truncated, c.full_lengths[i] > c.max_length, "\(c.model) text \(i): truncated")
                XCTAssertEqual(got[i].vector.count, c.vectors[i].count)
                for (a, b) in zip(got[i].vector, c.vectors[i]) { maxComponent = max(maxComponent, abs(Double(a) - b)) }
                texts += 1
            }
            for q in c.queries.indices {
                for d in c.documents.indices {
                    let cosine = zip(got[q].vector, got[c.queries.count + d].vector).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                    maxCosine = max(maxCosine, abs(cosine - c.cosines[q][d]))
                    pairs += 1
                }
            }
            sides.insert(c.padding_side)
        }
        print("Qwen3Embedder vs transformers (AutoModel + last_token_pool) over \(texts) texts: max |Δcomponent| = \(maxComponent), over \(pairs) pairs: max |Δcosine| = \(maxCosine)")
        XCTAssertEqual(sides, ["left", "right"])
        XCTAssertGreaterThan(texts, 30)
        XCTAssertLessThan(maxComponent, 1e-4)
        XCTAssertLessThan(maxCosine, 1e-5)
    }

    /// Packed passes with a shared beginning give the vectors of every text alone, and a text's
    /// vector does not depend on what it is batched with.
    func testPackedEqualsPlainAndOrderFree() throws {
        let folder = try EmbeddingFixture.modelsFolder().appendingPathComponent("embed-bf16")
        let embedder = try Qwen3Embedder(folder: folder, options: EmbedderOptions(batchRows: 24))
        let texts = [Qwen3Embedder.queryText(instruction: "", query: "what is a reef?"),
                     Qwen3Embedder.queryText(instruction: "", query: "where is the reef?"),
                     "Coral reefs grow in warm water.", "北京是中华人民共和国的首都。",
                     String(repeating: "A long text about reefs. ", count: 12)]
        let packed = try embedder.embed(texts)
        let plain = try embedder.embedPlain(texts)
        let reversed = try embedder.embed(texts.reversed())
        var worst = 0.0
        for (i, (a, b)) in zip(packed, plain).enumerated() {
            let c = reversed[texts.count - 1 - i]
            for j in a.vector.indices {
                worst = max(worst, abs(Double(a.vector[j] - b.vector[j])), abs(Double(a.vector[j] - c.vector[j])))
            }
        }
        print("Qwen3Embedder packed vs plain vs reversed order: max |Δcomponent| = \(worst)")
        XCTAssertLessThan(worst, 1e-5)
    }

    func testBadOptionsAndEmptyFolderAreMessages() throws {
        let folder = try EmbeddingFixture.modelsFolder().appendingPathComponent("embed-f32")
        XCTAssertThrowsError(try Qwen3Embedder(folder: folder, options: EmbedderOptions(maxLength: 1))) { error in
            XCTAssertTrue("\(error)".contains("maxLength"), "\(error)")
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("qwen3-embedder-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertThrowsError(try Qwen3Embedder(folder: empty)) { error in
            XCTAssertTrue("\(error)".contains("tokenizer.json"), "\(error)")
        }
    }
}
