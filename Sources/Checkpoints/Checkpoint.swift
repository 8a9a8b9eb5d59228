import Foundation

/// The safetensors files of a model folder: one model.safetensors, or the shards that
/// model.safetensors.index.json maps each tensor to. Knows no model: Qwen3 and the BERT-family
/// encoders both read their weights through it.
package final class Checkpoint: @unchecked Sendable {
    /// Every file, in file-name order.
    package let files: [SafeTensorsFile]
    private let location: [String: Int]   // tensor name → index into files
    /// True when the files were found through model.safetensors.index.json.
    package let indexed: Bool
    package static let indexName = "model.safetensors.index.json"

    /// The names of the files the weights are read from, sorted: the safetensors file(s), and the
    /// index when there is one. A change to any of them can change a score.
    package var fileNames: [String] {
        (files.map { URL(fileURLWithPath: $0.path).lastPathComponent } + (indexed ? [Checkpoint.indexName] : [])).sorted()
    }

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
                    throw CheckpointError(file: indexURL.path, field: "weight_map", "shard name '\(name)' must be a plain file name")
                }
                files.append(try SafeTensorsFile(path: folder.appendingPathComponent(name).path))
            }
            var location: [String: Int] = [:]
            for (tensor, shard) in weightMap {
                guard let i = shardNames.firstIndex(of: shard) else { continue }
                guard files[i].entries[tensor] != nil else {
                    throw CheckpointError(file: files[i].path, tensor: tensor, "listed in model.safetensors.index.json but not in this shard")
                }
                location[tensor] = i
            }
            self.files = files
            self.location = location
            indexed = true
        } else if fm.fileExists(atPath: singleURL.path) {
            let file = try SafeTensorsFile(path: singleURL.path)
            files = [file]
            location = Dictionary(uniqueKeysWithValues: file.entries.keys.map { ($0, 0) })
            indexed = false
        } else {
            throw CheckpointError(file: folder.path, "no model.safetensors or model.safetensors.index.json")
        }
    }

    private static func readIndex(_ url: URL) throws -> [String: String] {
        // A FIFO or device would block the read or never end.
        let type = (try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path))?[.type] as? FileAttributeType
        guard type == .typeRegular else { throw CheckpointError(file: url.path, "is not a regular file") }
        guard let data = try? Data(contentsOf: url) else { throw CheckpointError(file: url.path, "cannot read") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let map = object["weight_map"] as? [String: String] else {
            throw CheckpointError(file: url.path, field: "weight_map", "missing or not an object of file names")
        }
        return map
    }

    /// True when some file holds the tensor.
    package func contains(_ name: String) -> Bool { location[name] != nil }

    /// Where a tensor lives; the error names the file(s) searched.
    package func entry(_ name: String) throws -> (file: SafeTensorsFile, entry: TensorEntry) {
        guard let i = location[name], let entry = files[i].entries[name] else {
            let where_ = files.count == 1 ? files[0].path : "model.safetensors.index.json (\(files.count) shards)"
            throw CheckpointError(file: where_, tensor: name, "missing")
        }
        return (files[i], entry)
    }
}
