import Checkpoints

/// Every failure of the Qwen3 module: loading a model folder, validating its config and tensors,
/// tokenizing or scoring. Says which file, tensor and field it is about.
public struct Qwen3Error: Error, CustomStringConvertible, Sendable {
    /// The file involved (path), if any.
    public var file: String?
    /// The tensor involved (checkpoint name), if any.
    public var tensor: String?
    /// The config field, header field or step involved, if any.
    public var field: String?
    public var message: String

    public init(file: String? = nil, tensor: String? = nil, field: String? = nil, _ message: String) {
        self.file = file; self.tensor = tensor; self.field = field; self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let tensor { parts.append("tensor '\(tensor)'") }
        if let field { parts.append(field) }
        parts.append(message)
        return parts.joined(separator: ": ")
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
