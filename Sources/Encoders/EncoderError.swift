import Checkpoints
import Tokenizers

/// Every failure of the Encoders module: reading a model folder (config, layout, tokenizer,
/// tensors). Says which file, tensor and field it is about.
public struct EncoderError: ModelFileError {
    public var file: String?
    public var tensor: String?
    public var field: String?
    public var message: String

    public init(file: String? = nil, tensor: String? = nil, field: String? = nil, _ message: String) {
        self.file = file; self.tensor = tensor; self.field = field; self.message = message
    }

    /// The same problem, from the checkpoint reader or the tokenizer, as this module's error.
    init(_ error: Error) {
        switch error {
        case let e as EncoderError: self = e
        case let e as CheckpointError: self.init(file: e.file, tensor: e.tensor, field: e.field, e.message)
        case let e as TokenizerError: self.init(file: e.file, field: e.field.map { "tokenizer.json field \($0)" }, e.message)
        default: self.init("\(error)")
        }
    }
}

/// Runs `body`, turning any error into an `EncoderError`.
func encoderErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw EncoderError(error) }
}
