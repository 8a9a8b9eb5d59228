import Foundation
import RerankCore

/// Reads the case files of an input folder: the file-system edge of the Cases module.
public enum CaseLoader {
    /// Every case of `inputDirectory` (see `caseFilePaths`), parsed; throws `CaseProblems` with
    /// all problems of all files (those that cannot be read included), or one problem when the
    /// folder is missing or holds no case.
    public static func load(inputDirectory: URL, includeDrafts: Bool) throws -> [CaseFile] {
        let reading = read(inputDirectory: inputDirectory, includeDrafts: includeDrafts)
        guard reading.problems.isEmpty else { throw CaseProblems(reading.problems) }
        return reading.cases
    }

    /// Like `load`, but returning the usable cases beside every problem (see `CaseSet.read`).
    public static func read(inputDirectory: URL, includeDrafts: Bool) -> CaseReading {
        let scan: CaseFolderScan
        do { scan = try self.scan(inputDirectory) } catch {
            return CaseReading(cases: [], problems: (error as? CaseProblems)?.problems ?? [], failedPaths: [], folderRead: false)
        }
        guard !scan.paths.isEmpty || !scan.problems.isEmpty else {
            return CaseReading(cases: [], problems: [folderProblem(inputDirectory, "no case files: the folder holds no '.md' file "
                + "(README.md and hidden files and folders are skipped)")], failedPaths: [], folderRead: false)
        }
        var sources: [CaseSource] = []
        var problems = scan.problems
        var failed = scan.problems.map(\.location.file)
        for path in scan.paths {
            switch CaseFileReader.bytes(at: inputDirectory.appendingPathComponent(path).path) {
            case .success(let bytes): sources.append(CaseSource(path: path, bytes: bytes))
            case .failure(let cause):
                failed.append(path)
                problems.append(CaseProblem(location: SourceLocation(file: path, line: 0, column: 0), field: "file",
                                            message: "cannot read the file: \(cause.message)"))
            }
        }
        var reading = CaseSet.read(sources, includeDrafts: includeDrafts)
        reading.problems = (problems + reading.problems).sorted(by: CaseProblem.reportOrder)
        reading.failedPaths += failed
        return reading
    }

    /// The slug a case file at `path` (relative to the input folder) gets, whether or not it parses.
    public static func slug(ofPath path: String) -> String { CasePath(path: path).slug }

    /// Paths (relative, `/` separators, sorted by their UTF-8 bytes) of the case files under
    /// `inputDirectory`: every `*.md` regular file (or link to one) at any depth, except
    /// `README.md` (any case) and anything whose name starts with `.`. Symbolic links to folders
    /// are not followed. `*.md` entries that cannot be case files are left out here; `load`
    /// reports them.
    public static func caseFilePaths(in inputDirectory: URL) throws -> [String] {
        try scan(inputDirectory).paths
    }

    private static func scan(_ inputDirectory: URL) throws -> CaseFolderScan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inputDirectory.path, isDirectory: &isDirectory) else {
            throw CaseProblems([folderProblem(inputDirectory, "no such folder")])
        }
        guard isDirectory.boolValue else {
            throw CaseProblems([folderProblem(inputDirectory, "not a folder")])
        }
        let scan = CaseFolderScan(root: inputDirectory.path)
        // The input folder itself cannot be listed: nothing else can be said.
        if let rootProblem = scan.problems.first(where: { $0.location.file == inputDirectory.path }) {
            throw CaseProblems([rootProblem])
        }
        return scan
    }

    private static func folderProblem(_ url: URL, _ message: String) -> CaseProblem {
        CaseProblem(location: SourceLocation(file: url.path, line: 0, column: 0), field: "input", message: message)
    }
}
