import Foundation
import XCTest

/// The committed reference scores (Tests/Qwen3Tests/Fixtures/reranker_cases.json) and the generated
/// model folders (fixtures-generated/engine, by scripts/fixtures/engine.sh).
struct RerankerFixture: Decodable {
    struct Expected: Decodable { let ids: [Int32]; let logit: Double; let score: Double; let truncated: Bool }
    struct Case: Decodable {
        let model: String
        let instruction: String?
        let query: String
        let documents: [String]
        let max_length: Int
        let expected: [Expected]
    }
    let prefix_ids: [Int32]
    let suffix_ids: [Int32]
    let models: [String: [String: String]]
    let cases: [Case]

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func load() throws -> RerankerFixture {
        let url = repoRoot.appendingPathComponent("Tests/Qwen3Tests/Fixtures/reranker_cases.json")
        return try JSONDecoder().decode(RerankerFixture.self, from: Data(contentsOf: url))
    }

    /// The folder of generated fixture models; fails the test when they were not generated.
    static func modelsFolder(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        try generatedFixture("engine", holding: "tied-bf16/config.json", madeBy: "engine.sh", file: file, line: line)
    }

    /// A folder under fixtures-generated (or `RERANK_FIXTURES`) that holds `marker`; fails the test,
    /// naming the script that makes it, when it is missing.
    static func generatedFixture(_ path: String, holding marker: String, madeBy script: String,
                                 file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.appendingPathComponent("fixtures-generated")
        let folder = base.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(marker).path) else {
            XCTFail("fixtures missing under \(folder.path): run scripts/test.sh (or scripts/fixtures/\(script))", file: file, line: line)
            throw XCTSkip("fixtures missing")
        }
        return folder
    }
}

func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
