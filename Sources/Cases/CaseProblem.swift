import RerankCore

/// One problem found in a case file, with where it is and which part of the case it concerns.
///
/// `field` names the part of the format: `front matter`, `title`, `tags`, `instruction`,
/// `instructions`, `draft`, `query`, `rewrites`, `candidates`, `sections`, `file`, `slug`, `input`.
/// A location with line 0 concerns a whole file or folder and prints without line and column.
public struct CaseProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var field: String
    public var message: String

    public init(location: SourceLocation, field: String, message: String) {
        self.location = location; self.field = field; self.message = message
    }

    /// `music/a.md:12:4: candidates: malformed label '{rel=x}': expected {rel=N} with an integer N ≥ 0`
    public var description: String {
        let place = location.line > 0 ? location.description : location.file
        return "\(place): \(field): \(message)"
    }

    /// Order for reports: by file, then line, then column (then field and message, for determinism).
    static func reportOrder(_ a: CaseProblem, _ b: CaseProblem) -> Bool {
        if a.location.file != b.location.file {
            return a.location.file.utf8.lexicographicallyPrecedes(b.location.file.utf8)
        }
        if a.location.line != b.location.line { return a.location.line < b.location.line }
        if a.location.column != b.location.column { return a.location.column < b.location.column }
        if a.field != b.field { return a.field < b.field }
        return a.message < b.message
    }
}

/// All problems of one file or of a whole input folder; the one error type of the Cases module.
public struct CaseProblems: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [CaseProblem]

    public init(_ problems: [CaseProblem]) { self.problems = problems }

    /// One problem a line, sorted by file, line and column.
    public var description: String {
        problems.sorted(by: CaseProblem.reportOrder).map(\.description).joined(separator: "\n")
    }
}
