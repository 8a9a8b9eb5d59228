import Foundation
import XCTest
@testable import RerankSite

/// `theme eject` copies built-in files into templates/ without ever overwriting one; `theme diff`
/// shows how the overrides differ; an ejected, edited template is what the build then uses.
final class ThemeFilesTests: XCTestCase {
    func testEjectCopiesNamedFilesAndTheBuildUsesThem() async throws {
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }
        let folder = project.root.appendingPathComponent("templates")
        let written = try ThemeFiles.eject(["case", "templates/style.css"], into: folder)
        XCTAssertEqual(written, ["templates/case.mustache", "templates/style.css"])
        let builtIn = Dictionary(uniqueKeysWithValues: ThemeFiles.builtIn.map { ($0.path, $0.text) })
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("case.mustache"), encoding: .utf8), builtIn["case.mustache"])
        XCTAssertEqual(try ThemeFiles.diff(folder: folder), [
            "templates/case.mustache: same as the built-in file (deleting it changes nothing)",
            "templates/style.css: same as the built-in file (deleting it changes nothing)",
        ])

        // Edit the ejected template: the diff shows the edit and the build renders it.
        let edited = (builtIn["case.mustache"] ?? "") + "<p class=\"ejected-marker\">edited</p>\n"
        try project.write("templates/case.mustache", edited)
        let diff = try ThemeFiles.diff(folder: folder)
        XCTAssertTrue(diff[0].hasPrefix("--- built-in/case.mustache\n+++ templates/case.mustache\n@@ "), diff[0])
        XCTAssertTrue(diff[0].contains("\n+<p class=\"ejected-marker\">edited</p>\n"), diff[0])
        _ = try await project.build()
        XCTAssertTrue(try project.text("cases/music/breakup.html").contains("ejected-marker"))
    }

    func testEjectNeverOverwritesAndReportsEveryProblemAtOnce() throws {
        let project = try TestProject(config: baselineConfig, cases: [:])
        defer { project.remove() }
        try project.write("templates/layout.mustache", "mine")
        let folder = project.root.appendingPathComponent("templates")
        XCTAssertThrowsError(try ThemeFiles.eject(["layout", "nosuch", "case"], into: folder)) { error in
            let messages = (error as? BuildError)?.messages ?? []
            XCTAssertEqual(messages.count, 3, "\(messages)")
            XCTAssertTrue(messages[0].hasPrefix("templates/layout.mustache already exists; it is left as it is"), messages[0])
            XCTAssertTrue(messages[1].hasPrefix("nosuch: not a file of the built-in theme (it has: "), messages[1])
            XCTAssertEqual(messages[2], "nothing was written")
        }
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("layout.mustache"), encoding: .utf8), "mine")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("case.mustache").path))
    }

    func testDiffWithoutOverrides() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-templates-\(UUID().uuidString)")
        XCTAssertEqual(try ThemeFiles.diff(folder: folder), ["no templates/ folder: the project uses the built-in theme as it is"])
    }

    func testUnifiedDiffMatchesDiffU() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...12).map { "line \($0)" }
        lines[1] = "line two"
        lines.remove(at: 10)
        lines.append("line 13")
        let new = lines.joined(separator: "\n") + "\n"
        XCTAssertEqual(TextDiff.unified(old: old, new: new, oldName: "a", newName: "b"), """
            --- a
            +++ b
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +line two
             line 3
             line 4
             line 5
            @@ -8,5 +8,5 @@
             line 8
             line 9
             line 10
            -line 11
             line 12
            +line 13

            """)
        XCTAssertEqual(TextDiff.unified(old: old, new: old, oldName: "a", newName: "b"), "")
    }
}
