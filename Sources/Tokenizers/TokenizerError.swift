/// What went wrong while reading or building a tokenizer: the file (if any), the tokenizer.json
/// field (a path like `pre_tokenizer.pretokenizers[0].behavior`) and what is wrong with it.
public struct TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String?
    public var field: String?
    public var message: String

    public init(file: String? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let field { parts.append("field \(field)") }
        parts.append(message)
        return "tokenizer: " + parts.joined(separator: ": ")
    }

    /// The same error, placed in a file.
    func inFile(_ path: String) -> TokenizerError {
        var copy = self
        copy.file = path
        return copy
    }
}
