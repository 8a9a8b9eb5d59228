/// One problem found while importing or exporting: the file, the line (0 for the whole file) and
/// what is wrong, in plain words.
public struct DatasetProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int = 0, _ message: String) {
        self.file = file; self.line = line; self.message = message
    }

    /// `run.trec:12: unknown query id 'q9': not in queries.jsonl`
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }

    static func reportOrder(_ a: DatasetProblem, _ b: DatasetProblem) -> Bool {
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        if a.line != b.line { return a.line < b.line }
        return a.message < b.message
    }
}

/// Every problem of an import or export at once; the one error type of the Datasets module.
/// Nothing is written when one is thrown.
public struct DatasetError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [DatasetProblem]

    public init(_ problems: [DatasetProblem]) { self.problems = problems.sorted(by: DatasetProblem.reportOrder) }
    public init(file: String, line: Int = 0, _ message: String) { self.init([DatasetProblem(file: file, line: line, message)]) }

    public var description: String {
        let head = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "error: \(head)\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Problems collected while reading, with a cap on how many of one file are kept, so a file of a
/// million bad lines gives a readable report.
struct ProblemList {
    static let perFile = 50
    private(set) var problems: [DatasetProblem] = []
    private var counts: [String: Int] = [:]

    mutating func add(_ file: String, _ line: Int, _ message: String) {
        counts[file, default: 0] += 1
        let count = counts[file] ?? 0
        if count <= Self.perFile {
            problems.append(DatasetProblem(file: file, line: line, message))
        }
    }

    mutating func add(_ problem: DatasetProblem) { add(problem.file, problem.line, problem.message) }

    var isEmpty: Bool { problems.isEmpty }

    /// The problems, plus one line per file whose further problems were left out.
    var all: [DatasetProblem] {
        problems + counts.filter { $0.value > Self.perFile }.map {
            DatasetProblem(file: $0.key, "… and \($0.value - Self.perFile) more problems in this file")
        }
    }
}
