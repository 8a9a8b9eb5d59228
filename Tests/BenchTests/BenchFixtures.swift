import Foundation
import XCTest

/// The generated engine fixtures (scripts/fixtures/engine.sh): the real Qwen3 tokenizer.json and
/// the tied-bf16 model that the bench's random-model writer must reproduce byte for byte.
enum BenchFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var engineFolder: URL {
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.appendingPathComponent("fixtures-generated")
        return base.appendingPathComponent("engine")
    }

    /// fixtures-generated/engine/tokenizer/tokenizer.json; fails the test when missing.
    static func tokenizer(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = engineFolder.appendingPathComponent("tokenizer/tokenizer.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("\(url.path) missing: run scripts/test.sh (or scripts/fixtures/engine.sh)", file: file, line: line)
            throw XCTSkip("fixtures missing")
        }
        return url
    }

    /// A fresh temporary folder, removed when the test ends.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bench-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
