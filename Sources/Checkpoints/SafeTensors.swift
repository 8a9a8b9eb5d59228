import Foundation

/// Element types of stored tensors the engine reads.
package enum StoredDType: String, Sendable {
    case bf16 = "BF16", f16 = "F16", f32 = "F32"
    package var byteSize: Int { self == .f32 ? 4 : 2 }
}

/// One entry of a safetensors header, validated against the file.
package struct TensorEntry: Sendable {
    package let name: String
    /// As written in the header ("BF16", "F32", "I64"...); `storedType` is nil for unsupported ones.
    package let dtypeName: String
    package let shape: [Int]
    /// Absolute byte offset of the data in the file.
    let offset: Int
    let byteCount: Int
    package var storedType: StoredDType? { StoredDType(rawValue: dtypeName) }
    package var elementCount: Int { shape.reduce(1, *) }
}

/// A memory-mapped .safetensors file: 8-byte little-endian header length, a JSON header
/// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}, then the data.
/// Every entry's offsets are checked to lie inside the file and to match dtype × shape before use.
package final class SafeTensorsFile: @unchecked Sendable {
    let file: MappedFile
    package let entries: [String: TensorEntry]
    /// The raw JSON header bytes (part of a model's identity).
    package let header: Data

    package var path: String { file.path }
    /// The file's size in bytes.
    package var byteCount: Int { file.size }

    package init(path: String) throws {
        let file = try MappedFile(path: path)
        self.file = file
        func fail(_ message: String, tensor: String? = nil) -> CheckpointError {
            CheckpointError(file: path, tensor: tensor, message)
        }
        guard file.size >= 8 else { throw fail("too short for a safetensors header (\(file.size) bytes)") }
        var length: UInt64 = 0
        withUnsafeMutableBytes(of: &length) { $0.copyMemory(from: UnsafeRawBufferPointer(start: file.base, count: 8)) }
        length = UInt64(littleEndian: length)
        guard length <= 100_000_000, Int(length) <= file.size - 8 else {
            throw fail("header length \(length) does not fit in the file (\(file.size) bytes); truncated or not safetensors")
        }
        let dataStart = 8 + Int(length)
        let header = Data(bytes: file.base + 8, count: Int(length))
        self.header = header
        guard let json = try? JSONSerialization.jsonObject(with: header), let object = json as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        var entries: [String: TensorEntry] = [:]
        // Sorted, so that of several bad entries the same one is reported every time.
        for name in object.keys.sorted() where name != "__metadata__" {
            let value = object[name]
            guard let info = value as? [String: Any],
                  let dtype = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [Any],
                  let offsetValues = info["data_offsets"] as? [Any], offsetValues.count == 2 else {
                throw fail("header entry needs dtype, shape and two data_offsets", tensor: name)
            }
            var shape: [Int] = []
            for v in shapeValues {
                guard let n = (v as? NSNumber)?.intValue, n >= 0 else { throw fail("bad shape \(shapeValues)", tensor: name) }
                shape.append(n)
            }
            guard let begin = (offsetValues[0] as? NSNumber)?.intValue, let end = (offsetValues[1] as? NSNumber)?.intValue,
                  begin >= 0, begin <= end else {
                throw fail("bad data_offsets \(offsetValues)", tensor: name)
            }
            guard end <= file.size - dataStart else {
                throw fail("data ends at byte \(dataStart + end), past the end of the file (\(file.size) bytes); truncated?", tensor: name)
            }
            if let stored = StoredDType(rawValue: dtype) {
                var elements = 1, overflow = false
                for n in shape {
                    let r = elements.multipliedReportingOverflow(by: n)
                    elements = r.partialValue; overflow = overflow || r.overflow
                }
                guard !overflow, elements * stored.byteSize == end - begin else {
                    throw fail("\(end - begin) bytes of data for \(dtype) \(shape)", tensor: name)
                }
            }
            entries[name] = TensorEntry(name: name, dtypeName: dtype, shape: shape,
                                        offset: dataStart + begin, byteCount: end - begin)
        }
        self.entries = entries
    }

    /// A pointer to an entry's data (validated at init to lie in the file).
    package func data(_ entry: TensorEntry) -> UnsafeRawPointer { file.base + entry.offset }
}
