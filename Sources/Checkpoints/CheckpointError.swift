/// Every failure of the Checkpoints module: a model folder's safetensors files or their index
/// cannot be read, or say something impossible. Says which file, tensor and field it is about.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
    /// The file involved (path), if any.
    public var file: String?
    /// The tensor involved (checkpoint name), if any.
    public var tensor: String?
    /// The header or index field involved, if any.
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
