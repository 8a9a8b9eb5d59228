import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif
@testable import RerankSite

/// A cached score is reused only while every file the engine reads is byte for byte the same:
/// weights or a tokenizer rewritten in place, with the same size, header and modification time,
/// are rescored on the next build.
final class ModelFreshnessTests: XCTestCase {
    func testWeightsAndTokenizerRewrittenInPlaceAreRescored() async throws {
        let fixture = try TestProject.fixtureModel("tied-bf16")
        let project = try TestProject(config: "", cases: twoCases)
        defer { project.remove() }
        // A copy: the shared fixtures are never modified.
        let model = project.root.appendingPathComponent("model")
        try FileManager.default.copyItem(at: fixture, to: model)
        try project.write("rerank-site.yml", "scorers:\n  - id: q\n    kind: qwen3-reranker\n    model: model\n    max_length: 256\n")
        // Older than the racy window, so the first build remembers the files' digests and the
        // rewrites below are found by their stamps (the change time), not by freshness.
        try await Task.sleep(nanoseconds: 2_200_000_000)

        let first = try await project.build()
        XCTAssertEqual(first.scored, first.pairs)
        let before = try scores(project)
        let unchanged = try await project.build()
        XCTAssertEqual(unchanged.scored, 0, "nothing changed: every score comes from the cache")

        // Weights: every value's sign flipped after the header; same size, same header, same mtime.
        let weights = model.appendingPathComponent("model.safetensors")
        try rewriteInPlace(weights) { bytes in
            let headerEnd = 8 + Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
            // bf16 little-endian: the sign bit is the top bit of each value's second byte.
            for i in stride(from: headerEnd + 1, to: bytes.count, by: 2) { bytes[i] ^= 0x80 }
        }
        let afterWeights = try await project.build()
        XCTAssertEqual(afterWeights.scored, afterWeights.pairs, "weights rewritten in place: every pair is rescored")
        let rescored = try scores(project)
        XCTAssertNotEqual(rescored, before, "the new weights give other scores")
        let again = try await project.build()
        XCTAssertEqual(again.scored, 0)

        // Tokenizer: two tokens of the prompt swap ids; same size, same mtime.
        let tokenizer = model.appendingPathComponent("tokenizer.json")
        try rewriteInPlace(tokenizer) { bytes in
            var text = String(decoding: bytes, as: UTF8.self)
            XCTAssertTrue(text.contains("\"Ġthe\": 279") && text.contains("\"Ġand\": 323"))
            text = text.replacingOccurrences(of: "\"Ġthe\": 279", with: "\"Ġthe\": 999")
                .replacingOccurrences(of: "\"Ġand\": 323", with: "\"Ġand\": 279")
                .replacingOccurrences(of: "\"Ġthe\": 999", with: "\"Ġthe\": 323")
            let edited = Array(text.utf8)
            XCTAssertEqual(edited.count, bytes.count)
            bytes = edited
        }
        let afterTokenizer = try await project.build()
        XCTAssertEqual(afterTokenizer.scored, afterTokenizer.pairs, "tokenizer edited in place: every pair is rescored")
        XCTAssertNotEqual(try scores(project), rescored)
    }

    /// Rewrites a file's bytes through the same inode, then sets its modification time back.
    private func rewriteInPlace(_ file: URL, _ edit: (inout [UInt8]) -> Void) throws {
        var info = stat()
        XCTAssertEqual(stat(file.path, &info), 0)
        var bytes = [UInt8](try Data(contentsOf: file))
        let size = bytes.count
        edit(&bytes)
        XCTAssertEqual(bytes.count, size)
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        var times = [info.st_atim, info.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, file.path, &times, 0), 0)
        var after = stat()
        XCTAssertEqual(stat(file.path, &after), 0)
        XCTAssertEqual(after.st_ino, info.st_ino)
        XCTAssertEqual(after.st_size, info.st_size)
        XCTAssertEqual(after.st_mtim.tv_sec, info.st_mtim.tv_sec)
        XCTAssertEqual(after.st_mtim.tv_nsec, info.st_mtim.tv_nsec)
    }

    /// Every score of scorer q on the site, in results.json order.
    private func scores(_ project: TestProject) throws -> [Double] {
        let json = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8)) as? [String: Any]
        let cases = json?["cases"] as? [[String: Any]] ?? []
        let all = cases.flatMap { ($0["rankings"] as? [[String: Any]] ?? []).filter { $0["scorer"] as? String == "q" } }
            .flatMap { $0["scores"] as? [Double] ?? [] }
        XCTAssertFalse(all.isEmpty)
        return all
    }
}
