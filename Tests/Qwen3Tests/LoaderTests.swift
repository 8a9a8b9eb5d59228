import Foundation
import XCTest
@testable import Qwen3

/// Loading model folders: both checkpoint layouts, and broken files giving errors that name the
/// file and the tensor instead of crashing.
final class LoaderTests: XCTestCase {
    private var temporary: URL!

    override func setUpWithError() throws {
        temporary = FileManager.default.temporaryDirectory.appendingPathComponent("qwen3-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: temporary) }

    /// A copy of a fixture model's config and weights that a test may break.
    private func copyOfModel(_ name: String) throws -> URL {
        let source = try RerankerFixture.modelsFolder().appendingPathComponent(name)
        let target = temporary.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where !file.hasPrefix("tokenizer") {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: target.appendingPathComponent(file))
        }
        return target
    }

    private func loadError(_ folder: URL, file: StaticString = #filePath, line: UInt = #line) -> Qwen3Error? {
        do {
            _ = try Qwen3Weights.load(folder: folder)
            XCTFail("loading \(folder.lastPathComponent) should fail", file: file, line: line)
        } catch let error as Qwen3Error {
            print("expected error: \(error)")
            return error
        } catch {
            XCTFail("not a Qwen3Error: \(error)", file: file, line: line)
        }
        return nil
    }

    private func editConfig(_ folder: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = folder.appendingPathComponent("config.json")
        guard var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            return XCTFail("config.json is not an object")
        }
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    func testLoadsAllLayouts() throws {
        let folder = try RerankerFixture.modelsFolder()
        for (name, layers, tiedOutput) in [("tied-bf16", 2, true), ("untied-f16", 3, false), ("tied-f32", 2, true)] {
            let weights = try Qwen3Weights.load(folder: folder.appendingPathComponent(name))
            XCTAssertEqual(weights.layers.count, layers)
            XCTAssertEqual(weights.output?.baseAddress == weights.embedding.baseAddress, tiedOutput, name)
        }
    }

    func testTruncatedFileNamesFileAndTensor() throws {
        let folder = try copyOfModel("tied-bf16")
        let url = folder.appendingPathComponent("model.safetensors")
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 10_000_000)
        try handle.close()
        let error = loadError(folder)
        XCTAssertEqual(error?.file, url.path)
        XCTAssertNotNil(error?.tensor)
        XCTAssertTrue(error?.message.contains("past the end") ?? false)

        // Cut inside the header.
        let h2 = try FileHandle(forWritingTo: url)
        try h2.truncate(atOffset: 100)
        try h2.close()
        XCTAssertTrue(loadError(folder)?.message.contains("does not fit") ?? false)
    }

    func testUnsupportedDtypeNamesTensor() throws {
        let folder = try copyOfModel("tied-bf16")
        let url = folder.appendingPathComponent("model.safetensors")
        var data = try Data(contentsOf: url)
        // Same byte length, so the offsets stay valid: "BF16" of the first tensor becomes "I16 ".
        let from = Data(#""dtype":"BF16""#.utf8), to = Data(#""dtype":"I16" "#.utf8)
        let range = try XCTUnwrap(data.range(of: from))
        data.replaceSubrange(range, with: to)
        try data.write(to: url)
        let error = loadError(folder)
        XCTAssertEqual(error?.tensor, "model.embed_tokens.weight")
        XCTAssertEqual(error?.field, "dtype")
        XCTAssertEqual(error?.file, url.path)
    }

    func testShapeAgainstConfig() throws {
        let folder = try copyOfModel("tied-f32")
        try editConfig(folder) { $0["intermediate_size"] = 64 }
        let error = loadError(folder)
        XCTAssertEqual(error?.tensor, "model.layers.0.mlp.gate_proj.weight")
        XCTAssertEqual(error?.field, "shape")
        XCTAssertEqual(error?.file, folder.appendingPathComponent("model.safetensors").path)
    }

    func testMissingOutputRowsWhenUntied() throws {
        let folder = try copyOfModel("tied-bf16")
        try editConfig(folder) { $0["tie_word_embeddings"] = false }
        let error = loadError(folder)
        XCTAssertEqual(error?.tensor, "lm_head.weight")
        XCTAssertEqual(error?.message, "missing")
    }

    func testMissingShardAndBadIndex() throws {
        let folder = try copyOfModel("untied-f16")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        XCTAssertEqual(loadError(folder)?.file, folder.appendingPathComponent("model-00002-of-00002.safetensors").path)
        try "{\"weight_map\": 3}".write(to: folder.appendingPathComponent("model.safetensors.index.json"), atomically: true, encoding: .utf8)
        XCTAssertEqual(loadError(folder)?.field, "weight_map")
    }

    func testConfigDecodingAndValidation() throws {
        let folder = try copyOfModel("tied-f32")
        try editConfig(folder) { $0["num_key_value_heads"] = 3 }
        XCTAssertEqual(loadError(folder)?.field, "num_key_value_heads")
        try editConfig(folder) { $0.removeValue(forKey: "hidden_size") }
        XCTAssertEqual(loadError(folder)?.field, "hidden_size")
        try editConfig(folder) { $0["hidden_size"] = "wide" }
        XCTAssertEqual(loadError(folder)?.field, "hidden_size")

        let json = #"{"hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1,"#
            + #""intermediate_size": 16, "vocab_size": 10, "rms_norm_eps": 1e-6,"#
            + #""rope_parameters": {"rope_type": "default", "rope_theta": 5000.0}}"#
        let config = try Qwen3Config.decode(Data(json.utf8))
        try config.validate()
        XCTAssertEqual(config.headDimension, 4)
        XCTAssertEqual(config.theta, 5000)
        XCTAssertFalse(config.tiedEmbeddings)
        var yarn = config
        yarn.ropeScaling = .init(ropeType: "yarn", type: nil, ropeTheta: nil)
        XCTAssertThrowsError(try yarn.validate())
    }
}
