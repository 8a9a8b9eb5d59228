import Foundation
import XCTest
@testable import Tokenizers

/// The generated tokenizer fixtures (scripts/fixtures/tokenizer.sh): `RERANK_FIXTURES`/tokenizer
/// or <repo>/fixtures-generated/tokenizer, the repository root being three levels above this file.
enum Fixtures {
    static var folder: URL {
        if let root = ProcessInfo.processInfo.environment["RERANK_FIXTURES"], !root.isEmpty {
            return URL(fileURLWithPath: root).appendingPathComponent("tokenizer")
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures-generated/tokenizer")
    }

    /// A fixture file; fails the test (never skips) when it has not been generated.
    static func file(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("missing fixture \(url.path): run scripts/test.sh (or scripts/fixtures/tokenizer.sh)",
                    file: file, line: line)
            throw TokenizerError(file: url.path, "missing fixture")
        }
        return url
    }

    /// The Qwen3 tokenizer, loaded once for all tests.
    static func qwen3() throws -> Tokenizer {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let tokenizer = try Tokenizer(contentsOf: file("qwen3/tokenizer.json"))
        loaded = tokenizer
        return tokenizer
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: Tokenizer?

    /// Lines of a .jsonl fixture as objects.
    static func jsonLines(_ name: String) throws -> [[String: Any]] {
        let url = try file(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw TokenizerError(file: url.path, "a line is not a JSON object")
            }
            return object
        }
    }

    static func ids(_ any: Any?) -> [Int32] {
        (any as? [Any] ?? []).compactMap { ($0 as? NSNumber).map { Int32(truncating: $0) } }
    }
}
