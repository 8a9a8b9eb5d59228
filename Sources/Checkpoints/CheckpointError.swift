/// An error about a model's files: which file, tensor and field (each when known) and what is
/// wrong, said as `file: tensor 'name': field: message`. Each module that reads model files has
/// its own error type (CheckpointError, Qwen3Error, EncoderError) in this one shape.
public protocol ModelFileError: Error, CustomStringConvertible, Sendable {
    /// The file involved (path), if any.
    var file: String? { get }
    /// The tensor involved (checkpoint name), if any.
    var tensor: String? { get }
    /// The config field, header field or step involved, if any.
    var field: String? { get }
    var message: String { get }
}

extension ModelFileError {
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let tensor { parts.append("tensor '\(tensor)'") }
        if let field { parts.append(field) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}

/// Every failure of the Checkpoints module: a model folder's safetensors files or their index
/// cannot be read, or say something impossible.
public struct CheckpointError: ModelFileError {
    public var file: String?
    public var tensor: String?
    public var field: String?
    public var message: String

    public init(file: String? = nil, tensor: String? = nil, field: String? = nil, _ message: String) {
        self.file = file; self.tensor = tensor; self.field = field; self.message = message
    }
}
