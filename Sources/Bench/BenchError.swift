/// Every failure of the Bench module: writing the random model, reading a tokenizer or workload,
/// running the workload. Says which file and step it is about.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    /// The file involved (path), if any.
    public var file: String?
    /// The step involved ("write model", "workload", "score"...), if any.
    public var step: String?
    public var message: String

    public init(file: String? = nil, step: String? = nil, _ message: String) {
        self.file = file; self.step = step; self.message = message
    }

    public var description: String {
        [file, step, message].compactMap { $0 }.joined(separator: ": ")
    }
}
