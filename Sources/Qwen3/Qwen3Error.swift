import Checkpoints

/// Every failure of the Qwen3 module: loading a model folder, validating its config and tensors,
/// tokenizing or scoring. Says which file, tensor and field it is about.
public struct Qwen3Error: ModelFileError {
    public var file: String?
    public var tensor: String?
    public var field: String?
    public var message: String

    public init(file: String? = nil, tensor: String? = nil, field: String? = nil, _ message: String) {
        self.file = file; self.tensor = tensor; self.field = field; self.message = message
    }
}

extension Qwen3Error {
    /// The checkpoint reader's problem (a safetensors file or its index), as this module's error.
    init(_ error: CheckpointError) {
        self.init(file: error.file, tensor: error.tensor, field: error.field, error.message)
    }
}

/// Runs `body`, turning the checkpoint reader's errors into `Qwen3Error`s.
func qwen3Errors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as CheckpointError { throw Qwen3Error(error) }
}
