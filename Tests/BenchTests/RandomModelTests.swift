import Foundation
import XCTest
@testable import Bench
import Checkpoints
@testable import Qwen3

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

    /// Several writers at once (two benches starting together once left a truncated file): each
    /// gets a complete folder that loads, and no staging folder is left behind.
    func testWritersAtOnceEachGetACompleteModel() throws {
        let tokenizer = try BenchFixtures.tokenizer()
        let cache = try BenchFixtures.temporaryFolder(self)
        let results = ResultBox(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            results.set(i, Result { try RandomModel.ensure(shape: .tiny, seed: 9, tokenizer: tokenizer, cacheRoot: cache) })
        }
        let reference = try Data(contentsOf: try XCTUnwrap(results.values[0]).get().appendingPathComponent("model.safetensors"))
        for result in results.values {
            let folder = try XCTUnwrap(result).get()
            XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("model.safetensors")), reference)
            XCTAssertNoThrow(try Qwen3Reranker(folder: folder))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        XCTAssertEqual(left, [RandomModel.folderName(shape: .tiny, seed: 9)], "left behind: \(left)")
    }

    /// A folder with a stale stamp (an older format, or a half-written folder of an earlier
    /// version) is replaced whole.
    func testStaleFolderIsReplaced() throws {
        let tokenizer = try BenchFixtures.tokenizer()
        let cache = try BenchFixtures.temporaryFolder(self)
        let stale = cache.appendingPathComponent(RandomModel.folderName(shape: .tiny, seed: 4))
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data("truncated".utf8).write(to: stale.appendingPathComponent("model.safetensors"))
        try Data("format 0\n".utf8).write(to: stale.appendingPathComponent(RandomModel.stampName))
        var wrote = false
        let folder = try RandomModel.ensure(shape: .tiny, seed: 4, tokenizer: tokenizer, cacheRoot: cache) { _ in wrote = true }
        XCTAssertTrue(wrote)
        XCTAssertEqual(folder.path, stale.path)
        XCTAssertNoThrow(try Qwen3Reranker(folder: folder))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.path), [folder.lastPathComponent])
    }

    /// `--init hf`: transformers' init, normal with std 0.02 for linear and embedding weights,
    /// every norm weight exactly 1; a folder of its own, so the uniform model's cache stays.
    func testHFInitDrawsNormalWeightsAndUnitNorms() throws {
        let tokenizer = try BenchFixtures.tokenizer()
        let cache = try BenchFixtures.temporaryFolder(self)
        let folder = try RandomModel.ensure(shape: .tiny, seed: 2, init: .hf, tokenizer: tokenizer, cacheRoot: cache)
        XCTAssertEqual(folder.lastPathComponent, "qwen3-reranker-tiny-hf-init-seed2")
        let file = try SafeTensorsFile(path: folder.appendingPathComponent("model.safetensors").path)
        func values(_ name: String) throws -> [Float] {
            let entry = try XCTUnwrap(file.entries[name])
            let bits = file.data(entry).assumingMemoryBound(to: UInt16.self)
            return (0..<entry.elementCount).map { Float(bitPattern: UInt32(bits[$0]) << 16) }
        }
        for name in ["model.layers.0.mlp.down_proj.weight", "model.layers.1.self_attn.q_proj.weight", "model.embed_tokens.weight"] {
            let v = try values(name).map(Double.init)
            let mean = v.reduce(0, +) / Double(v.count)
            let std = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
            let beyond3 = Double(v.filter { abs($0) > 3 * 0.02 }.count) / Double(v.count)
            XCTAssertEqual(std, 0.02, accuracy: 0.0008, name)
            XCTAssertEqual(mean, 0, accuracy: 0.0008, name)
            XCTAssertEqual(beyond3, 0.0027, accuracy: 0.002, "\(name): share beyond 3σ is a normal's")
        }
        for name in ["model.norm.weight", "model.layers.0.self_attn.q_norm.weight", "model.layers.1.post_attention_layernorm.weight"] {
            XCTAssertEqual(Set(try values(name)), [1], name)
        }
        let uniform = try RandomModel.ensure(shape: .tiny, seed: 2, tokenizer: tokenizer, cacheRoot: cache)
        XCTAssertNotEqual(uniform.path, folder.path)
        let reranker = try Qwen3Reranker(folder: folder)
        let scores = try reranker.score(instruction: "", query: "what is BM25?", documents: ["BM25 is a ranking function."])
        XCTAssertTrue(scores[0].score > 0.05 && scores[0].score < 0.95, "hf init keeps logits small: \(scores[0].logit)")
    }
}

/// Results written by concurrent workers, one slot each.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<URL, Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Result<URL, Error>) { lock.lock(); slots[i] = value; lock.unlock() }
    var values: [Result<URL, Error>?] { lock.lock(); defer { lock.unlock() }; return slots }
}
