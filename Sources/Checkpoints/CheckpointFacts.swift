import Foundation

/// What a model folder's weights are, read from the safetensors headers alone (no tensor is read).
public struct CheckpointFacts: Equatable, Sendable {
    /// Elements over every floating-point tensor: the parameters, as transformers'
    /// `num_parameters()` counts them (integer buffers such as BERT's `position_ids` are not).
    public let parameters: Int
    /// Bytes of the safetensors files.
    public let bytes: Int
    /// The stored element types of those tensors, sorted (`["BF16"]`; a mixed checkpoint lists each).
    public let dtypes: [String]
}

extension CheckpointFacts {
    /// The parameter count, file size and stored dtypes of the folder's checkpoint.
    public init(folder: URL) throws {
        let checkpoint = try Checkpoint(folder: folder)
        var parameters = 0, bytes = 0
        var dtypes = Set<String>()
        for file in checkpoint.files {
            bytes += file.byteCount
            for entry in file.entries.values where floatingTypes.contains(entry.dtypeName) {
                parameters += entry.elementCount
                dtypes.insert(entry.dtypeName)
            }
        }
        self.init(parameters: parameters, bytes: bytes, dtypes: dtypes.sorted())
    }
}

/// safetensors' floating-point element types: the tensors that are parameters.
private let floatingTypes: Set<String> = ["F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2"]
