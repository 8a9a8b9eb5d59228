import Foundation
import XCTest
@testable import Encoders

/// XLM-RoBERTa (random weights, the committed SentencePiece Unigram tokenizer; fixtures by
/// scripts/fixtures/xlmr.sh) against the references in Tests/EncodersTests/Fixtures/xlmr_cases.json:
/// transformers' XLMRobertaForSequenceClassification for the cross-encoders (pair ids identical,
/// longest-first truncation; logits within 1e-5) and sentence-transformers for the embedding
/// models (mean pooling; CLS pooling + Normalize; vectors within 1e-5 per component).
final class XLMRobertaTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Pair: Decodable { let model: String; let max_length: Int; let query: String; let document: String; let ids: [Int32]; let logit: Double }
        struct Vector: Decodable { let model: String; let text: String; let ids: [Int32]; let vector: [Float] }
        let pairs: [Pair]
        let embeddings: [Vector]
    }

    private static let fixture: Result<Fixture, Error> = Result {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: MiniLMFixture.repoRoot
            .appendingPathComponent("Tests/EncodersTests/Fixtures/xlmr_cases.json")))
    }

    static func folder(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? MiniLMFixture.repoRoot.appendingPathComponent("fixtures-generated")
        let folder = base.appendingPathComponent("xlmr/\(name)")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) else {
            XCTFail("missing \(folder.path): run scripts/test.sh (or scripts/fixtures/xlmr.sh)", file: file, line: line)
            throw XCTSkip("fixture missing")
        }
        return folder
    }

    func testCrossEncoderScoresMatchTransformers() throws {
        let fixture = try Self.fixture.get()
        var maxDiff = 0.0, truncated = 0
        for name in Set(fixture.pairs.map(\.model)).sorted() {
            let cases = fixture.pairs.filter { $0.model == name }
            let encoder = try BertCrossEncoder(folder: Self.folder(name), maxLength: cases[0].max_length)
            XCTAssertEqual(try ModelKind.detect(folder: Self.folder(name)), .crossEncoder)
            for c in cases {
                let input = encoder.modelInput(query: c.query, document: c.document)
                XCTAssertEqual(input.ids, c.ids, "\(name): \(c.query.prefix(30)) / \(c.document.prefix(30))")
                if input.truncated { truncated += 1 }
                let got = encoder.score(query: c.query, documents: [c.document])[0]
                maxDiff = max(maxDiff, abs(got.logit - c.logit))
                XCTAssertEqual(got.score, 1 / (1 + exp(-c.logit)), accuracy: 1e-5)
            }
            let query = cases[0].query
            let together = encoder.score(query: query, documents: cases.map(\.document)).map(\.logit)
            let alone = cases.map { encoder.score(query: query, documents: [$0.document])[0].logit }
            for (a, b) in zip(together, alone) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        }
        print("XLM-R cross-encoder vs transformers (\(fixture.pairs.count) pairs, \(truncated) cut): max |Δ logit| = \(maxDiff)")
        XCTAssertGreaterThan(truncated, 4)
        XCTAssertLessThanOrEqual(maxDiff, 1e-5)
    }

    func testEmbeddingsMatchSentenceTransformers() throws {
        let fixture = try Self.fixture.get()
        for name in ["xlmr-emb-mean", "xlmr-emb-cls"] {
            let cases = fixture.embeddings.filter { $0.model == name }
            XCTAssertGreaterThan(cases.count, 50)
            let folder = try Self.folder(name)
            XCTAssertEqual(try ModelKind.detect(folder: folder), .embedding)
            let embedder = try BertEmbedder(folder: folder)
            XCTAssertEqual(embedder.layout.pooling, name.hasSuffix("cls") ? .cls : .mean)
            let vectors = embedder.embed(cases.map(\.text))
            var maxDiff: Float = 0
            for (c, v) in zip(cases, vectors) {
                XCTAssertEqual(embedder.modelInput(c.text).ids, c.ids, "\(name): \(c.text.prefix(40))")
                for (x, y) in zip(v.vector, c.vector) { maxDiff = max(maxDiff, abs(x - y)) }
            }
            print("XLM-R embedding \(name) vs sentence-transformers (\(cases.count) texts): max |Δ component| = \(maxDiff)")
            XCTAssertLessThanOrEqual(maxDiff, 1e-5)
        }
    }

    func testCardNamesTheArchitectureAndTokenizer() throws {
        let folder = try Self.folder("xlmr-ce")
        let card = try BertCrossEncoder.describe(folder: folder, maxLength: nil)
        XCTAssertEqual(card.architecture, "XLM-RoBERTa encoder, 2 layers, 64 wide, 4 heads, a classification head (dense, tanh, out_proj) on the <s> state")
        XCTAssertEqual(card.tokenizer.kind, "SentencePiece Unigram")
        XCTAssertNil(card.tokenizer.lowercased)
        XCTAssertEqual(card.maxLength, 128)   // 130 positions, counted from 2
        XCTAssertEqual(card.query, .pairedWithCandidate("<s> query </s></s> candidate </s>"))
        XCTAssertThrowsError(try BertCrossEncoder(folder: folder, maxLength: 129)) { error in
            XCTAssertTrue("\(error)".contains("does not fit the model's 128 positions"), "\(error)")
        }
        let embedding = try EmbedderLoader.describe(folder: try Self.folder("xlmr-emb-cls"), maxLength: nil)
        XCTAssertTrue(embedding.architecture.hasPrefix("XLM-RoBERTa encoder"), embedding.architecture)
        XCTAssertEqual(embedding.head, .pooled(.cls, normalized: true))
    }

    /// Positions count from padding_idx + 1, and a padding token inside the input takes padding_idx,
    /// as transformers' create_position_ids_from_input_ids does.
    func testPositionIDs() throws {
        let data = Data(#"{"model_type": "xlm-roberta", "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 8, "max_position_embeddings": 10, "type_vocab_size": 1, "vocab_size": 10, "layer_norm_eps": 1e-5, "hidden_act": "gelu", "pad_token_id": 1}"#.utf8)
        let config = try JSONDecoder().decode(BertConfig.self, from: data)
        XCTAssertEqual(config.positionOffset, 2)
        XCTAssertEqual(config.maxTokens, 8)
        XCTAssertEqual(config.positionIDs([0, 5, 1, 6, 2]), [2, 3, 1, 4, 5])
        var bert = config
        bert.modelType = "bert"
        XCTAssertEqual(bert.positionIDs([0, 5, 1, 6, 2]), [0, 1, 2, 3, 4])
    }
}
