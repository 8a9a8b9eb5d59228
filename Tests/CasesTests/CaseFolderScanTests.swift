import Cases
import Foundation
import RerankCore
import XCTest
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Every `*.md` under the input folder is either read or reported with its cause, in one run.
final class CaseFolderScanTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("case-folder-scan-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        chmod(folder.appendingPathComponent("locked").path, 0o755)
        try FileManager.default.removeItem(at: folder)
    }

    private func write(_ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(path).path,
                                                   withDestinationPath: target)
    }

    /// Creates a file whose name is `name` as raw bytes (not necessarily UTF-8).
    private func writeRawName(_ name: [UInt8], _ text: String) throws {
        let path = (Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw XCTSkip("the file system refuses a name that is not UTF-8") }
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    private func loadProblems() -> [String] {
        do {
            let cases = try CaseLoader.load(inputDirectory: folder, includeDrafts: false)
            XCTFail("expected problems, loaded \(cases.map(\.path))")
            return []
        } catch let problems as CaseProblems {
            return problems.problems.map(\.description)
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    func testEveryUnreadableCaseFileIsReportedWithItsCauseInOneRun() throws {
        try write("good.md", minimalBody)
        try write("bad.md", "## Query\n\nq\n\n## Candidates\n\n- a {rel=x}\n")
        guard mkfifo(folder.appendingPathComponent("pipe.md").path, 0o644) == 0 else {
            throw XCTSkip("cannot make a FIFO here")
        }
        try link("dangling.md", to: "missing.md")
        try link("loop.md", to: "loop.md")
        try link("linked.md", to: "good.md")
        try link("folder-link", to: ".")
        try writeRawName(Array("caf".utf8) + [0xE9] + Array(".md".utf8), minimalBody)
        try writeRawName(Array("notes-".utf8) + [0xFF] + Array(".txt".utf8), "not a case")

        XCTAssertEqual(try CaseLoader.caseFilePaths(in: folder), ["bad.md", "good.md", "linked.md"])
        XCTAssertEqual(loadProblems(), [
            "bad.md:7:5: candidates: malformed label '{rel=x}': expected {rel=N} with an integer N ≥ 0",
            "caf\\xE9.md: file: the file name is not valid UTF-8; rename the file",
            "dangling.md: file: dangling symbolic link: its target 'missing.md' does not exist",
            "loop.md: file: symbolic link loop: the link leads back to itself",
            "pipe.md: file: not a regular file (a FIFO); a case file must be a regular file",
        ])
    }

    func testUnreadableFileAndUnlistableFolderAreReportedWithTheOthers() throws {
        guard geteuid() != 0 else { throw XCTSkip("permissions do not bind root") }
        try write("good.md", minimalBody)
        try write("secret.md", minimalBody)
        try write("locked/inner.md", minimalBody)
        chmod(folder.appendingPathComponent("secret.md").path, 0)
        chmod(folder.appendingPathComponent("locked").path, 0)
        XCTAssertEqual(loadProblems(), [
            "locked: input: cannot list the folder: permission denied",
            "secret.md: file: cannot read the file: permission denied",
        ])
    }

    func testCaseInAFolderWhoseNameIsNotUTF8() throws {
        try write("ok.md", minimalBody)
        let folderName = (Array(folder.path.utf8) + [UInt8(ascii: "/"), 0xFF]).map { CChar(bitPattern: $0) }
        guard mkdir(folderName + [0], 0o755) == 0 else { throw XCTSkip("the file system refuses a name that is not UTF-8") }
        try writeRawName([0xFF] + Array("/in.md".utf8), minimalBody)
        XCTAssertEqual(loadProblems(), ["\\xFF/in.md: file: the name of a folder on its path is not valid UTF-8; rename the folder"])
    }

    func testUpperCaseMdEndingIsReportedNotSkipped() throws {
        try write("ok.md", minimalBody)
        try write("Phones.MD", minimalBody)
        try write("sub/Notes.Md", minimalBody)
        try write("README.MD", "about")
        XCTAssertEqual(loadProblems(), [
            "Phones.MD: file: the name ends in '.MD', not '.md', so it is not read as a case; rename it to end in '.md'",
            "sub/Notes.Md: file: the name ends in '.Md', not '.md', so it is not read as a case; rename it to end in '.md'",
        ])
    }

    func testOnlyUnreadableFilesIsNotNoCaseFiles() throws {
        try link("gone.md", to: "nowhere.md")
        XCTAssertEqual(loadProblems(), ["gone.md: file: dangling symbolic link: its target 'nowhere.md' does not exist"])
    }
}
