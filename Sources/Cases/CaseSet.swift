import Checksum
import Dispatch
import RerankCore

/// One case file's path (relative to the input folder, `/` separators) and bytes.
public struct CaseSource: Hashable, Sendable {
    public var path: String
    public var bytes: [UInt8]
    public init(path: String, bytes: [UInt8]) { self.path = path; self.bytes = bytes }
}

/// What reading a case set gave: the cases of the files without problems, every problem, and the
/// paths of the files that have problems (and so no case here).
public struct CaseReading: Sendable {
    public var cases: [CaseFile]
    public var problems: [CaseProblem]
    public var failedPaths: [String]
    /// False when the input folder itself could not be read or holds no case file: nothing is known
    /// about its cases then.
    public var folderRead = true

    public init(cases: [CaseFile], problems: [CaseProblem], failedPaths: [String], folderRead: Bool = true) {
        self.cases = cases; self.problems = problems; self.failedPaths = failedPaths; self.folderRead = folderRead
    }
}

/// Parses many case files at once and collects every problem of every file in one run.
public enum CaseSet {
    /// The cases of `sources`, sorted by path, or all problems sorted by file, line and column.
    ///
    /// Drafts (`draft: true`) are left out unless `includeDrafts`, and so are their problems: a
    /// draft may be unfinished. Two cases with the same slug are a problem of both files.
    public static func parse(_ sources: [CaseSource], includeDrafts: Bool) -> Result<[CaseFile], CaseProblems> {
        let reading = read(sources, includeDrafts: includeDrafts)
        guard reading.problems.isEmpty else { return .failure(CaseProblems(reading.problems)) }
        return .success(reading.cases)
    }

    /// Like `parse`, but keeping what is usable beside the problems: the cases of the files without
    /// problems, every problem (sorted), and the paths of the files with problems, so that a build
    /// can check what depends on the cases (run files, a seed history) in the same report.
    public static func read(_ sources: [CaseSource], includeDrafts: Bool) -> CaseReading {
        let sorted = sources.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) })
        var cases: [CaseFile] = []
        var problems: [CaseProblem] = []
        var failed: [String] = []
        var parsed: [CaseFile] = []  // with or without problems, for the duplicate-slug check
        // Collected in path order whatever order the files were parsed in.
        for (source, result) in zip(sorted, readEach(sorted)) {
            switch result {
            case .failure(let problem):
                problems.append(problem)
                failed.append(source.path)
            case .success(let outcome):
                if outcome.isDraft && !includeDrafts { continue }
                if let caseFile = outcome.caseFile { parsed.append(caseFile) }
                if outcome.problems.isEmpty, let caseFile = outcome.caseFile { cases.append(caseFile) } else { failed.append(source.path) }
                problems += outcome.problems
            }
        }
        let duplicates = duplicateSlugs(parsed)
        let clashing = Set(duplicates.map(\.location.file))
        problems += duplicates
        failed += cases.map(\.path).filter { clashing.contains($0) }
        cases.removeAll { clashing.contains($0.path) }
        return CaseReading(cases: cases, problems: problems.sorted(by: CaseProblem.reportOrder), failedPaths: failed)
    }

    /// Each file's outcome (or the problem that its bytes are not UTF-8), in the order of
    /// `sources`; the files are parsed on every core, each on its own (the parser is pure).
    static func readEach(_ sources: [CaseSource]) -> [Result<CaseParser.Outcome, CaseProblem>] {
        guard sources.count > 1 else { return sources.map(read) }
        let slots = UnsafeMutableBufferPointer<Result<CaseParser.Outcome, CaseProblem>?>.allocate(
            capacity: sources.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        // Each iteration writes only its own slot.
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            slots[index] = read(sources[index])
        }
        return slots.compactMap { $0 }
    }

    private static func read(_ source: CaseSource) -> Result<CaseParser.Outcome, CaseProblem> {
        UTF8Decoding.decode(source.bytes, path: source.path).map { text in
            CaseParser.read(text: text, path: source.path, sourceHash: SHA256.hex(source.bytes))
        }
    }

    private static func duplicateSlugs(_ cases: [CaseFile]) -> [CaseProblem] {
        let bySlug = Dictionary(grouping: cases, by: \.slug)
        var problems: [CaseProblem] = []
        for (slug, group) in bySlug where group.count > 1 {
            for caseFile in group {
                let others = group.filter { $0.path != caseFile.path }.map { "'\($0.path)'" }.joined(separator: ", ")
                problems.append(CaseProblem(
                    location: SourceLocation(file: caseFile.path, line: 0, column: 0), field: "slug",
                    message: "duplicate slug '\(slug)', also the slug of \(others); rename one of the files"))
            }
        }
        return problems
    }
}
