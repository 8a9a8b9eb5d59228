import Foundation
import XCTest
@testable import Encoders
import Tokenizers

/// The native all-MiniLM-L6-v2 against sentence-transformers on the real weights: model ids
/// identical, embeddings within 1e-4 per component, cosines within 1e-5, on every fixture text
/// (the example's queries and candidates, edge cases, long texts cut at 256 and at 512 tokens).
final class MiniLMTests: XCTestCase {
    private static let loaded: Result<BertEmbedder, Error> = Result { try BertEmbedder(folder: MiniLMFixture.modelFolder()) }
    /// Every fixture text with a reference embedding, embedded once for all tests (debug builds are slow).
    private static let embedded: Result<[String: [Float]], Error> = Result {
        let texts = try MiniLMFixture.load().texts.filter { $0.embedding != nil }.map(\.text)
        return Dictionary(uniqueKeysWithValues: zip(texts, try loaded.get().embed(texts).map(\.vector)))
    }

    func testModelIdsMatchSentenceTransformers() throws {
        let fixture = try MiniLMFixture.load()
        let embedder = try Self.loaded.get()
        XCTAssertEqual(embedder.maxLength, fixture.max_seq_length)
        var mismatches = 0
        for entry in fixture.texts {
            let input = embedder.modelInput(entry.text)
            if input.ids != entry.model_ids {
                mismatches += 1
                if mismatches <= 5 { XCTFail("ids differ for \(entry.text.debugDescription.prefix(80))") }
            }
            XCTAssertEqual(input.typeIDs, Array(repeating: 0, count: input.ids.count))
        }
        print("MiniLM model ids: \(fixture.texts.count - mismatches)/\(fixture.texts.count) texts identical")
    }

    func testEmbeddingsMatchSentenceTransformers() throws {
        let fixture = try MiniLMFixture.load()
        let embedder = try Self.loaded.get()
        let entries = fixture.texts.filter { $0.embedding != nil }
        XCTAssertGreaterThanOrEqual(entries.count, 200)
        XCTAssertEqual(embedder.dimension, 384)
        let got = try Self.embedded.get()
        var maxDiff: Float = 0, worst = ""
        for entry in entries {
            guard let want = entry.embedding, let vector = got[entry.text] else { return XCTFail("no embedding") }
            XCTAssertEqual(vector.count, want.count)
            for (a, b) in zip(vector, want) where abs(a - b) > maxDiff {
                maxDiff = abs(a - b)
                worst = entry.text
            }
        }
        print("MiniLM embeddings (\(entries.count) texts, max_seq_length 256): max |Δ| per component = \(maxDiff)")
        XCTAssertLessThanOrEqual(maxDiff, 1e-4, "worst text: \(worst.prefix(80))")
    }

    func testLongTextsAt512Tokens() throws {
        let fixture = try MiniLMFixture.load()
        let embedder = try BertEmbedder(folder: MiniLMFixture.modelFolder(), maxLength: 512)
        let entries = fixture.texts.filter { $0.embedding_512 != nil }
        XCTAssertGreaterThanOrEqual(entries.count, 5)
        var maxDiff: Float = 0
        for (entry, embedding) in zip(entries, embedder.embed(entries.map(\.text))) {
            XCTAssertEqual(embedder.modelInput(entry.text).ids, entry.model_ids_512)
            for (a, b) in zip(embedding.vector, entry.embedding_512 ?? []) { maxDiff = max(maxDiff, abs(a - b)) }
        }
        print("MiniLM embeddings (\(entries.count) long texts, max_seq_length 512): max |Δ| per component = \(maxDiff)")
        XCTAssertLessThanOrEqual(maxDiff, 1e-4)
    }

    func testCosinesOfTheExamplePairs() throws {
        let fixture = try MiniLMFixture.load()
        let vectors = try Self.embedded.get()
        var maxDiff = 0.0
        for pair in fixture.pairs {
            guard let q = vectors[pair.query], let c = vectors[pair.candidate] else { return XCTFail("pair text not embedded") }
            maxDiff = max(maxDiff, abs(cosineSimilarity(q, c) - pair.cosine))
        }
        print("MiniLM cosines (\(fixture.pairs.count) example pairs): max |Δ| = \(maxDiff)")
        XCTAssertGreaterThanOrEqual(fixture.pairs.count, 200)
        XCTAssertLessThanOrEqual(maxDiff, 1e-5)
    }

    func testTruncationIsReported() throws {
        let embedder = try Self.loaded.get()
        let long = String(repeating: "word ", count: 300)
        let result = embedder.embed([long, "short"])
        XCTAssertEqual(result[0].tokens, 300)
        XCTAssertTrue(result[0].truncated)
        XCTAssertFalse(result[1].truncated)
        XCTAssertEqual(embedder.modelInput(long).ids.count, 256)
    }
}
