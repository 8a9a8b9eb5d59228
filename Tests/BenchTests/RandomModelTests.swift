import Foundation
import XCTest
@testable import Bench
import Qwen3

final class RandomModelTests: XCTestCase {
    /// The tiny shape with seed 101 is the engine fixtures' tied-bf16 model, which
    /// scripts/engine/make_fixture_models.py writes with numpy: the same bytes prove the writer
    /// follows the same weight rule, header layout and bf16 rounding.
    func testTinyModelIsByteIdenticalToThePythonFixture() throws {
        let tokenizer = try BenchFixtures.tokenizer()
        let cache = try BenchFixtures.temporaryFolder(self)
        let folder = try RandomModel.ensure(shape: .tiny, seed: 101, tokenizer: tokenizer, cacheRoot: cache)
        let python = BenchFixtures.engineFolder.appendingPathComponent("tied-bf16/model.safetensors")
        let ours = try Data(contentsOf: folder.appendingPathComponent("model.safetensors"))
        let theirs = try Data(contentsOf: python)
        XCTAssertEqual(ours.count, theirs.count)
        XCTAssertTrue(ours == theirs, "model.safetensors differs from \(python.path)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("tokenizer.json").path))
    }

    func testSecondEnsureReusesTheFolderAndTheModelLoads() throws {
        let tokenizer = try BenchFixtures.tokenizer()
        let cache = try BenchFixtures.temporaryFolder(self)
        let folder = try RandomModel.ensure(shape: .tiny, seed: 5, tokenizer: tokenizer, cacheRoot: cache)
        let weights = folder.appendingPathComponent("model.safetensors")
        let before = try FileManager.default.attributesOfItem(atPath: weights.path)[.modificationDate] as? Date
        let again = try RandomModel.ensure(shape: .tiny, seed: 5, tokenizer: tokenizer, cacheRoot: cache) { line in
            XCTFail("rewrote the model: \(line)")
        }
        XCTAssertEqual(again.path, folder.path)
        let after = try FileManager.default.attributesOfItem(atPath: weights.path)[.modificationDate] as? Date
        XCTAssertEqual(before, after)

        let reranker = try Qwen3Reranker(folder: folder)
        XCTAssertEqual(reranker.config.hiddenSize, 64)
        XCTAssertEqual(reranker.config.numHiddenLayers, 2)
        let scores = try reranker.score(instruction: "", query: "what is BM25?", documents: ["BM25 is a ranking function.", "北京"])
        XCTAssertEqual(scores.count, 2)
        XCTAssertTrue(scores.allSatisfy { $0.score > 0 && $0.score < 1 })
    }

    func testShapesMatchThePublishedConfigs() {
        XCTAssertEqual(BenchModelShape.qwen3_0_6B.linearFLOPPerToken, 2 * 440_401_920, accuracy: 1)
        XCTAssertEqual(BenchModelShape.named("4B")?.intermediate, 9728)
        XCTAssertEqual(BenchModelShape.named("8b")?.tied, false)
        XCTAssertNil(BenchModelShape.named("13b"))
    }
}
