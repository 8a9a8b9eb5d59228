import Foundation
import XCTest
@testable import RerankSite

/// The detailed model cards of the `embedding`, `cross-encoder` and `run` kinds in a real build:
/// each fact from the model's own files, checked against what transformers says of the same folder.
final class ScorerCardBuildTests: XCTestCase {
    /// The `<dl>` of one scorer's card on the index, as term → value.
    static func cardFacts(_ index: String, scorer: String) -> [String: String] {
        guard let start = index.range(of: "id=\"model-\(scorer)\"") else { return [:] }
        let card = index[start.upperBound...].components(separatedBy: "</article>").first ?? ""
        var facts: [String: String] = [:]
        for piece in card.components(separatedBy: "<dt>").dropFirst() {
            let term = piece.components(separatedBy: "</dt>").first ?? ""
            let value = piece.components(separatedBy: "<dd dir=\"auto\">").dropFirst().first?.components(separatedBy: "</dd>").first ?? ""
            facts[term] = value
        }
        return facts
    }

    func testEncoderAndRunScorersHaveDetailedCards() async throws {
        let minilm = try TestProject.miniLM(), crossEncoder = try TestProject.crossEncoder()
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }
        // A run file to read back: the site's own bm25 run.
        _ = try await project.build()
        try project.write("scores/bm25.run", try project.text("data/bm25.run"))
        try project.write("rerank-site.yml", baselineConfig + """

          - id: minilm
            kind: embedding
            model: \(minilm.path)
          - id: ce
            kind: cross-encoder
            model: \(crossEncoder.path)
            max_length: 64
          - id: elsewhere
            kind: run
            file: scores/bm25.run
            model: BM25 computed by Pyserini
        """)
        _ = try await project.build()
        let index = try project.text("index.html")

        // Parameter counts as transformers counts them (`model.num_parameters()`): 22,713,216 for
        // all-MiniLM-L6-v2 (its int64 position_ids buffer is not a parameter), 999,105 for ce-f32.
        let embedding = Self.cardFacts(index, scorer: "minilm")
        XCTAssertEqual(embedding["Computed by"], "native encoder (Swift, CPU)")
        XCTAssertEqual(embedding["Model"], minilm.lastPathComponent)
        XCTAssertEqual(embedding["Architecture"], "BERT encoder, 6 layers, 384 wide, 12 heads")
        XCTAssertEqual(embedding["Parameters"], "22.7M (22,713,216)")
        XCTAssertEqual(embedding["Stored as"], "F32")
        XCTAssertEqual(embedding["Computed in"], "fp32")
        XCTAssertEqual(embedding["Max length"], "256 tokens (longer inputs are cut)", "sentence_bert_config.json's max_seq_length")
        XCTAssertEqual(embedding["Tokenizer"], "WordPiece, lowercased, 30,522 tokens in its vocabulary")
        XCTAssertEqual(embedding["Score"], "cosine of the query&#39;s and the candidate&#39;s embeddings (each the mean of its token states, L2-normalised)")
        XCTAssertEqual(embedding["Input"], "the query is embedded as written; the instruction is not read; candidates as written")
        XCTAssertEqual(embedding["Instruction"], "not part of its input")

        let cross = Self.cardFacts(index, scorer: "ce")
        XCTAssertEqual(cross["Model"], "ce-f32")
        XCTAssertEqual(cross["Parameters"], "999.1K (999,105)")
        XCTAssertEqual(cross["Max length"], "64 tokens (longer inputs are cut)")
        XCTAssertEqual(cross["Score"], "sigmoid of the classifier&#39;s logit")
        XCTAssertEqual(cross["Input"], "query and candidate read together as [CLS] query [SEP] candidate [SEP]; the instruction is not read")
        XCTAssertTrue(cross["Architecture"]?.hasPrefix("BERT encoder, ") == true, "\(cross)")
        XCTAssertTrue(cross["Tokenizer"]?.hasPrefix("WordPiece, ") == true, "\(cross)")

        let run = Self.cardFacts(index, scorer: "elsewhere")
        XCTAssertEqual(run["Model"], "BM25 computed by Pyserini")
        XCTAssertEqual(run["Scores file"], "scores/bm25.run (its SHA-256 is under Data)")
        XCTAssertNil(run["Settings"], "the hash is in the reproduction block, not on the card")
        let hash = try XCTUnwrap(index.components(separatedBy: "run:sha256:").dropFirst().first?.prefix(64))
        XCTAssertEqual(hash.count, 64, "the reproduction table holds the file's hash")

        // results.json carries the same typed facts.
        let json = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8)) as? [String: Any]
        let models = json?["models"] as? [[String: Any]] ?? []
        let card = try XCTUnwrap(models.first { $0["id"] as? String == "minilm" })
        XCTAssertEqual(card["parameters"] as? Int, 22_713_216)
        XCTAssertEqual(card["vocabulary"] as? Int, 30_522)
        XCTAssertEqual(card["tokenizer"] as? String, "WordPiece, lowercased")
    }
}
