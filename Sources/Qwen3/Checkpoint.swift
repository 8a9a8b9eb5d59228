import Foundation

/// The safetensors files of a model folder: one model.safetensors, or the shards that
/// model.safetensors.index.json maps each tensor to. Knows nothing about Qwen3 (the BERT encoders
/// read their weights through it too, hence `package`).
package final class Checkpoint: @unchecked Sendable {
    /// Every file, in file-name order.
    package let files: [SafeTensorsFile]
    private let location: [String: Int]   // tensor name → index into files
    package static let indexName = "model.safetensors.index.json"

    package init(folder: URL) throws {
        let fm = FileManager.default
        let indexURL = folder.appendingPathComponent(Checkpoint.indexName)
        let singleURL = folder.appendingPathComponent("model.safetensors")
        if fm.fileExists(atPath: indexURL.path) {
            let weightMap = try Checkpoint.readIndex(indexURL)
            let shardNames = Set(weightMap.values).sorted()
            var files: [SafeTensorsFile] = []
            for name in shardNames {
                guard !name.contains("/"), !name.hasPrefix(".") else {
                    throw Qwen3Error(file: indexURL.path, field: "weight_map", "shard name '\(name)' must be a plain file name")
                }
                files.append(try SafeTensorsFile(path: folder.appendingPathComponent(name).path))
            }
            var location: [String: Int] = [:]
            for (tensor, shard) in weightMap {
                guard let i = shardNames.firstIndex(of: shard) else { continue }
                guard files[i].entries[tensor] != nil else {
                    throw Qwen3Error(file: files[i].path, tensor: tensor, "listed in model.safetensors.index.json but not in this shard")
                }
                location[tensor] = i
            }
            self.files = files
            self.location = location
        } else if fm.fileExists(atPath: singleURL.path) {
            let file = try SafeTensorsFile(path: singleURL.path)
            files = [file]
            location = Dictionary(uniqueKeysWithValues: file.entries.keys.map { ($0, 0) })
        } else {
            throw Qwen3Error(file: folder.path, "no model.safetensors or model.safetensors.index.json")
        }
    }

    private static func readIndex(_ url: URL) throws -> [String: String] {
        // A FIFO or device would block the read or never end.
        let type = (try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path))?[.type] as? FileAttributeType
        guard type == .typeRegular else { throw Qwen3Error(file: url.path, "is not a regular file") }
        guard let data = try? Data(contentsOf: url) else { throw Qwen3Error(file: url.path, "cannot read") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let map = object["weight_map"] as? [String: String] else {
            throw Qwen3Error(file: url.path, field: "weight_map", "missing or not an object of file names")
        }
        return map
    }

    /// True when some file holds the tensor.
    package func contains(_ name: String) -> Bool { location[name] != nil }

    /// Where a tensor lives; the error names the file(s) searched.
    package func entry(_ name: String) throws -> (file: SafeTensorsFile, entry: TensorEntry) {
        guard let i = location[name], let entry = files[i].entries[name] else {
            let where_ = files.count == 1 ? files[0].path : "model.safetensors.index.json (\(files.count) shards)"
            throw Qwen3Error(file: where_, tensor: name, "missing")
        }
        return (files[i], entry)
    }
}
