import Checksum
import Dispatch
import RerankCore

/// One case file's path (relative to the input folder, `/` separators) and bytes.
public struct CaseSource: Hashable, Sendable {
    public var path: String
    public var bytes: [UInt8]
    public init(path: String, bytes: [UInt8]) { self.path = path; self.bytes = bytes }
}

/// Parses many case files at once and collects every problem of every file in one run.
public enum CaseSet {
    /// The cases of `sources`, sorted by path, or all problems sorted by file, line and column.
    ///
    /// Drafts (`draft: true`) are left out unless `includeDrafts`, and so are their problems: a
    /// draft may be unfinished. Two cases with the same slug are a problem of both files.
    public static func parse(_ sources: [CaseSource], includeDrafts: Bool) -> Result<[CaseFile], CaseProblems> {
        let sorted = sources.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) })
        var cases: [CaseFile] = []
        var problems: [CaseProblem] = []
        // Collected in path order whatever order the files were parsed in.
        for result in readEach(sorted) {
            switch result {
            case .failure(let problem):
                problems.append(problem)
            case .success(let outcome):
                if outcome.isDraft && !includeDrafts { continue }
                if let caseFile = outcome.caseFile { cases.append(caseFile) }
                problems += outcome.problems
            }
        }
        problems += duplicateSlugs(cases)
        guard problems.isEmpty else { return .failure(CaseProblems(problems.sorted(by: CaseProblem.reportOrder))) }
        return .success(cases)
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
