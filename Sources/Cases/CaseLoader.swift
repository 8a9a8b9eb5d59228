import Foundation
import RerankCore

/// Reads the case files of an input folder: the file-system edge of the Cases module.
public enum CaseLoader {
    /// Every case of `inputDirectory` (see `caseFilePaths`), parsed; throws `CaseProblems` with
    /// all problems of all files, or one problem when the folder is missing or holds no case.
    public static func load(inputDirectory: URL, includeDrafts: Bool) throws -> [CaseFile] {
        let paths = try caseFilePaths(in: inputDirectory)
        guard !paths.isEmpty else {
            throw CaseProblems([folderProblem(inputDirectory, "no case files: the folder holds no '.md' file "
                + "(README.md and hidden files and folders are skipped)")])
        }
        var sources: [CaseSource] = []
        var problems: [CaseProblem] = []
        for path in paths {
            let url = inputDirectory.appendingPathComponent(path)
            do {
                sources.append(CaseSource(path: path, bytes: [UInt8](try Data(contentsOf: url))))
            } catch {
                problems.append(CaseProblem(location: SourceLocation(file: path, line: 0, column: 0), field: "file",
                                            message: "cannot read the file: \(error.localizedDescription)"))
            }
        }
        switch CaseSet.parse(sources, includeDrafts: includeDrafts) {
        case .success(let cases) where problems.isEmpty:
            return cases
        case .success:
            throw CaseProblems(problems.sorted(by: CaseProblem.reportOrder))
        case .failure(let parsed):
            throw CaseProblems((problems + parsed.problems).sorted(by: CaseProblem.reportOrder))
        }
    }

    /// Paths (relative, `/` separators, sorted by their UTF-8 bytes) of the case files under
    /// `inputDirectory`: every `*.md` file at any depth, except `README.md` (any case) and
    /// anything whose name starts with `.`. Symbolic links to folders are not followed.
    public static func caseFilePaths(in inputDirectory: URL) throws -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: inputDirectory.path, isDirectory: &isDirectory) else {
            throw CaseProblems([folderProblem(inputDirectory, "no such folder")])
        }
        guard isDirectory.boolValue else {
            throw CaseProblems([folderProblem(inputDirectory, "not a folder")])
        }
        var found: [String] = []
        var pending: [String] = [""]  // folders to list, relative to the input folder
        while let folder = pending.popLast() {
            let folderURL = folder.isEmpty ? inputDirectory : inputDirectory.appendingPathComponent(folder)
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: folderURL.path)
            } catch {
                throw CaseProblems([folderProblem(folderURL, "cannot list the folder: \(error.localizedDescription)")])
            }
            for name in names where !name.hasPrefix(".") {
                let relative = folder.isEmpty ? name : folder + "/" + name
                let url = folderURL.appendingPathComponent(name)
                let isLink = (try? manager.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType)
                    == .typeSymbolicLink
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: url.path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    if !isLink { pending.append(relative) }
                } else if name.hasSuffix(".md") && name.lowercased() != "readme.md" {
                    found.append(relative)
                }
            }
        }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func folderProblem(_ url: URL, _ message: String) -> CaseProblem {
        CaseProblem(location: SourceLocation(file: url.path, line: 0, column: 0), field: "input", message: message)
    }
}
