import Foundation
import XCTest

/// Writes small safetensors files for the tests: 8-byte little-endian header length, the JSON
/// header, then the data; `header` may be given as written to make a broken file.
enum SafeTensorsWriter {
    struct Tensor {
        var name: String
        var dtype: String
        var shape: [Int]
        var bytes: Int
    }

    /// The header a correct file of these tensors has, data laid out in order.
    static func header(_ tensors: [Tensor]) -> String {
        var offset = 0
        let entries = tensors.map { t -> String in
            defer { offset += t.bytes }
            let shape = t.shape.map(String.init).joined(separator: ",")
            return "\"\(t.name)\":{\"dtype\":\"\(t.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + t.bytes)]}"
        }
        return "{\"__metadata__\":{\"format\":\"pt\"}," + entries.joined(separator: ",") + "}"
    }

    /// Writes `header` and `dataBytes` zero bytes of data to `url`.
    static func write(header: String, dataBytes: Int, to url: URL) throws {
        var length = UInt64(header.utf8.count).littleEndian
        var data = withUnsafeBytes(of: &length) { Data($0) }
        data.append(Data(header.utf8))
        data.append(Data(count: dataBytes))
        try data.write(to: url)
    }

    /// Writes a correct file of these tensors.
    static func write(_ tensors: [Tensor], to url: URL) throws {
        try write(header: header(tensors), dataBytes: tensors.reduce(0) { $0 + $1.bytes }, to: url)
    }

    /// A fresh temporary folder, removed when the test ends.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
