import Foundation

/// What a model folder's weights are, read from the safetensors headers alone (no tensor is read).
public struct CheckpointFacts: Equatable, Sendable {
    /// Elements over every stored tensor.
    public let parameters: Int
    /// Bytes of the safetensors files.
    public let bytes: Int
    /// The stored element types, sorted (`["BF16"]`; a mixed checkpoint lists each).
    public let dtypes: [String]
}

extension Qwen3Reranker {
    /// The parameter count, file size and stored dtypes of the folder's checkpoint.
    public static func checkpointFacts(folder: URL) throws -> CheckpointFacts {
        let checkpoint = try Checkpoint(folder: folder)
        var parameters = 0, bytes = 0
        var dtypes = Set<String>()
        for file in checkpoint.files {
            bytes += file.file.size
            for entry in file.entries.values {
                parameters += entry.elementCount
                dtypes.insert(entry.dtypeName)
            }
        }
        return CheckpointFacts(parameters: parameters, bytes: bytes, dtypes: dtypes.sorted())
    }
}
