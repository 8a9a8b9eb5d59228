import Foundation
import XCTest
@testable import Checkpoints

/// A model folder's checkpoint: one file or shards through the index, the names a fingerprint
/// covers, and the facts a model card shows.
final class CheckpointTests: XCTestCase {
    private typealias T = SafeTensorsWriter.Tensor

    private func shardedFolder() throws -> URL {
        let folder = try SafeTensorsWriter.temporaryFolder(self)
        try SafeTensorsWriter.write([T(name: "a", dtype: "BF16", shape: [2, 2], bytes: 8)],
                                    to: folder.appendingPathComponent("model-00001-of-00002.safetensors"))
        try SafeTensorsWriter.write([T(name: "b", dtype: "F32", shape: [3], bytes: 12),
                                     T(name: "position_ids", dtype: "I64", shape: [1, 5], bytes: 40)],
                                    to: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        let index = #"{"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors", "position_ids": "model-00002-of-00002.safetensors"}}"#
        try index.write(to: folder.appendingPathComponent(Checkpoint.indexName), atomically: true, encoding: .utf8)
        return folder
    }

    func testShardsAreFoundThroughTheIndex() throws {
        let checkpoint = try Checkpoint(folder: shardedFolder())
        XCTAssertEqual(checkpoint.files.count, 2)
        XCTAssertTrue(checkpoint.indexed)
        XCTAssertEqual(checkpoint.fileNames, ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                                              "model.safetensors.index.json"])
        XCTAssertEqual(try checkpoint.entry("b").entry.shape, [3])
        XCTAssertTrue(checkpoint.contains("a"))
        XCTAssertThrowsError(try checkpoint.entry("c")) {
            XCTAssertEqual("\($0)", "model.safetensors.index.json (2 shards): tensor 'c': missing")
        }
    }

    func testOneFileNeedsNoIndex() throws {
        let folder = try SafeTensorsWriter.temporaryFolder(self)
        try SafeTensorsWriter.write([T(name: "a", dtype: "F16", shape: [4], bytes: 8)], to: folder.appendingPathComponent("model.safetensors"))
        let checkpoint = try Checkpoint(folder: folder)
        XCTAssertFalse(checkpoint.indexed)
        XCTAssertEqual(checkpoint.fileNames, ["model.safetensors"])
    }

    func testBadIndexesNameTheFileAndField() throws {
        let folder = try shardedFolder()
        let index = folder.appendingPathComponent(Checkpoint.indexName)
        try #"{"weight_map": {"a": "../model.safetensors"}}"#.write(to: index, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Checkpoint(folder: folder)) {
            XCTAssertEqual("\($0)", "\(index.path): weight_map: shard name '../model.safetensors' must be a plain file name")
        }
        try #"{"weight_map": {"z": "model-00001-of-00002.safetensors"}}"#.write(to: index, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Checkpoint(folder: folder)) {
            XCTAssertEqual(($0 as? CheckpointError)?.tensor, "z")
        }
        try "{\"weight_map\": 3}".write(to: index, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Checkpoint(folder: folder)) { XCTAssertEqual(($0 as? CheckpointError)?.field, "weight_map") }
        let empty = try SafeTensorsWriter.temporaryFolder(self)
        XCTAssertThrowsError(try Checkpoint(folder: empty)) {
            XCTAssertEqual("\($0)", "\(empty.path): no model.safetensors or model.safetensors.index.json")
        }
    }

    /// Parameters count floating-point tensors only, as transformers' `num_parameters()` does.
    func testFactsCountFloatingPointTensors() throws {
        let folder = try shardedFolder()
        let facts = try CheckpointFacts(folder: folder)
        XCTAssertEqual(facts.parameters, 4 + 3)
        XCTAssertEqual(facts.dtypes, ["BF16", "F32"])
        let sizes = try Checkpoint(folder: folder).files.map(\.byteCount)
        XCTAssertEqual(facts.bytes, sizes.reduce(0, +))
    }
}
