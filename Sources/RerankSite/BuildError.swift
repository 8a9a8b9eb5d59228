import RerankCore

/// Every way a build can fail, with the step and the file it happened in.
public struct BuildError: Error, CustomStringConvertible {
    public enum Kind: Sendable { case badInput, scorerFailed, io, usage }
    public var kind: Kind
    /// The build step (`config`, `cases`, `score bm25`, `render`, `write`).
    public var step: String
    /// One line per problem, each naming file:line:column where known.
    public var messages: [String]
    /// What could not be checked because of these problems (printed after them, not counted).
    public var notes: [String] = []

    public init(_ kind: Kind, step: String, messages: [String]) {
        self.kind = kind; self.step = step; self.messages = messages
    }
    public init(_ kind: Kind, step: String, _ message: String) { self.init(kind, step: step, messages: [message]) }

    /// The process's exit status: 2 for a usage error (the command line asks for what cannot be), 1 otherwise.
    public var exitStatus: Int32 { kind == .usage ? 2 : 1 }

    public var description: String {
        let shownNotes = notes.map { "\n  (\($0))" }.joined()
        if messages.count == 1 { return "error: \(step): \(messages[0])" + shownNotes }
        return "error: \(step): \(messages.count) problems\n" + messages.map { "  " + $0 }.joined(separator: "\n") + shownNotes
    }
}
