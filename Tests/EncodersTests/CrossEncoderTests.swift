import Foundation
import XCTest
@testable import Encoders

/// BERT cross-encoders (random weights, f32 and bf16, the real WordPiece tokenizer) against
/// transformers' BertForSequenceClassification: pair ids and token types identical (longest-first
/// truncation), logits within 1e-4.
final class CrossEncoderTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Case: Decodable {
            let model: String; let max_length: Int; let query: String; let document: String
            let ids: [Int32]; let type_ids: [Int32]; let logit: Double
        }
        let cases: [Case]
    }

    func testScoresMatchTransformers() throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: MiniLMFixture.repoRoot
            .appendingPathComponent("Tests/EncodersTests/Fixtures/cross_encoder_cases.json")))
        let base = try MiniLMFixture.modelFolder().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("cross-encoder")
        var maxDiff = 0.0
        for name in Set(fixture.cases.map(\.model)).sorted() {
            let cases = fixture.cases.filter { $0.model == name }
            let folder = base.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) else {
                return XCTFail("missing \(folder.path): run scripts/fixtures/minilm.sh")
            }
            let encoder = try BertCrossEncoder(folder: folder, maxLength: cases[0].max_length)
            for c in cases {
                let input = encoder.modelInput(query: c.query, document: c.document)
                XCTAssertEqual(input.ids, c.ids, "\(name): \(c.query.prefix(30)) / \(c.document.prefix(30))")
                XCTAssertEqual(input.typeIDs, c.type_ids)
                let got = encoder.score(query: c.query, documents: [c.document])[0]
                maxDiff = max(maxDiff, abs(got.logit - c.logit))
                XCTAssertEqual(got.score, 1 / (1 + exp(-c.logit)), accuracy: 1e-4)
            }
            // Scoring documents together (packed in one pass) gives the logits of one by one, to float rounding.
            let query = cases[0].query
            let together = encoder.score(query: query, documents: cases.map(\.document)).map(\.logit)
            let alone = cases.map { encoder.score(query: query, documents: [$0.document])[0].logit }
            for (a, b) in zip(together, alone) { XCTAssertEqual(a, b, accuracy: 1e-5) }   // GEMM blocking differs by batch size
        }
        print("BERT cross-encoder vs transformers (\(fixture.cases.count) pairs): max |Δ logit| = \(maxDiff)")
        XCTAssertLessThanOrEqual(maxDiff, 1e-4)
    }

    func testTwoLabelModelsAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ce-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = """
        {"model_type": "bert", "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 8,
         "max_position_embeddings": 16, "type_vocab_size": 2, "vocab_size": 10, "layer_norm_eps": 1e-12, "hidden_act": "gelu",
         "num_labels": 2}
        """
        try Data(config.utf8).write(to: folder.appendingPathComponent("config.json"))
        XCTAssertThrowsError(try BertCrossEncoder(folder: folder)) { error in
            XCTAssertTrue("\(error)".contains("num_labels: 2 labels; a reranker has one"), "\(error)")
        }
    }
}
