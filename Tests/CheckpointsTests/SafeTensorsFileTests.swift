import Foundation
import XCTest
@testable import Checkpoints

/// The safetensors reader: entries read from the header, and every impossible header refused with
/// an error naming the file and, where there is one, the tensor.
final class SafeTensorsFileTests: XCTestCase {
    private typealias T = SafeTensorsWriter.Tensor

    private func readError(header: String, dataBytes: Int) throws -> CheckpointError? {
        let url = try SafeTensorsWriter.temporaryFolder(self).appendingPathComponent("model.safetensors")
        try SafeTensorsWriter.write(header: header, dataBytes: dataBytes, to: url)
        do {
            _ = try SafeTensorsFile(path: url.path)
            XCTFail("reading \(header) should fail")
        } catch let error as CheckpointError {
            XCTAssertEqual(error.file, url.path)
            return error
        }
        return nil
    }

    func testReadsEntriesAndTheirData() throws {
        let url = try SafeTensorsWriter.temporaryFolder(self).appendingPathComponent("model.safetensors")
        let header = SafeTensorsWriter.header([T(name: "a", dtype: "F32", shape: [2, 3], bytes: 24),
                                               T(name: "b", dtype: "BF16", shape: [4], bytes: 8),
                                               T(name: "ids", dtype: "I64", shape: [1, 2], bytes: 16)])
        try SafeTensorsWriter.write(header: header, dataBytes: 48, to: url)
        let file = try SafeTensorsFile(path: url.path)
        XCTAssertEqual(file.entries.keys.sorted(), ["a", "b", "ids"])
        let a = try XCTUnwrap(file.entries["a"]), ids = try XCTUnwrap(file.entries["ids"])
        XCTAssertEqual(a.shape, [2, 3])
        XCTAssertEqual(a.storedType, .f32)
        XCTAssertEqual(a.elementCount, 6)
        XCTAssertNil(ids.storedType, "an integer tensor is listed but not a type the engines read")
        XCTAssertEqual(file.data(try XCTUnwrap(file.entries["b"])) - file.data(a), 24)
        XCTAssertEqual(file.byteCount, 8 + header.utf8.count + 48)
        XCTAssertEqual(file.header, Data(header.utf8))
    }

    func testImpossibleHeadersNameFileAndTensor() throws {
        XCTAssertTrue(try readError(header: "{", dataBytes: 0)?.message.contains("not a JSON object") ?? false)
        let past = try readError(header: SafeTensorsWriter.header([T(name: "w", dtype: "F32", shape: [4], bytes: 16)]), dataBytes: 8)
        XCTAssertEqual(past?.tensor, "w")
        XCTAssertTrue(past?.message.contains("past the end of the file") ?? false)
        let size = try readError(header: SafeTensorsWriter.header([T(name: "w", dtype: "BF16", shape: [4], bytes: 16)]), dataBytes: 16)
        XCTAssertEqual(size?.tensor, "w")
        XCTAssertEqual(size?.message, "16 bytes of data for BF16 [4]")
        let incomplete = try readError(header: #"{"w":{"dtype":"F32","shape":[1]}}"#, dataBytes: 4)
        XCTAssertEqual(incomplete?.description.hasSuffix("tensor 'w': header entry needs dtype, shape and two data_offsets"), true)
    }

    func testHeaderLengthPastTheFileIsRefused() throws {
        let url = try SafeTensorsWriter.temporaryFolder(self).appendingPathComponent("model.safetensors")
        var data = Data([0xff, 0xff, 0, 0, 0, 0, 0, 0])
        data.append(Data("{}".utf8))
        try data.write(to: url)
        XCTAssertThrowsError(try SafeTensorsFile(path: url.path)) {
            XCTAssertTrue(($0 as? CheckpointError)?.message.contains("does not fit in the file") ?? false, "\($0)")
        }
    }

    func testAFolderOrAnEmptyFileIsNotAModel() throws {
        let folder = try SafeTensorsWriter.temporaryFolder(self)
        XCTAssertThrowsError(try SafeTensorsFile(path: folder.path)) {
            XCTAssertEqual(($0 as? CheckpointError)?.message, "is not a regular file")
        }
        let empty = folder.appendingPathComponent("empty.safetensors")
        try Data().write(to: empty)
        XCTAssertThrowsError(try SafeTensorsFile(path: empty.path)) {
            XCTAssertEqual(($0 as? CheckpointError)?.message, "file is empty")
        }
    }
}
