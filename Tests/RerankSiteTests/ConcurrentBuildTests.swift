import Foundation
import XCTest
@testable import RerankSite

/// Builds started at once, and builds killed while writing, with real processes of the binary:
/// the cache's first-open race and the staging folders are between processes.
final class ConcurrentBuildTests: XCTestCase {
    /// The site holds exactly the files its marker lists: one whole version.
    func assertOneWholeSite(_ project: TestProject, file: StaticString = #filePath, line: UInt = #line) throws {
        let site = project.root.appendingPathComponent("site")
        let marker = try Data(contentsOf: site.appendingPathComponent(SiteMarker.fileName))
        let listed = try XCTUnwrap(SiteMarker.listedPaths(Array(marker)), file: file, line: line)
        var present = Set(try project.siteFiles().keys)
        present.remove(SiteMarker.fileName)
        XCTAssertEqual(present, listed, "the site is not one whole version", file: file, line: line)
        XCTAssertTrue(listed.contains("index.html"), file: file, line: line)
    }

    func stagingFolders(_ project: TestProject) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: project.root.path).filter { $0.hasPrefix(".site.") }.sorted()
    }

    func testTwentyPairsOfColdBuildsAtOnceAllSucceed() throws {
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }
        let cacheFolder = project.root.appendingPathComponent(".rerank-site")
        var failures: [String] = []
        for round in 0..<20 {
            try? FileManager.default.removeItem(at: cacheFolder)
            if round % 2 == 0 { try? FileManager.default.removeItem(at: project.root.appendingPathComponent("site")) }
            let pair = try (0..<2).map { _ in try BuildProcess(["build"], in: project.root) }
            for (n, build) in pair.enumerated() {
                let (status, stderr) = build.finish()
                if status != 0 { failures.append("round \(round), build \(n): exit \(status): \(stderr)") }
            }
            try assertOneWholeSite(project)
            XCTAssertEqual(try stagingFolders(project), [], "round \(round) left staging folders")
        }
        XCTAssertEqual(failures, [], "\(failures.count) of 40 builds failed")
    }

    func testBuildKilledWhileWritingLeavesStagingThatTheNextBuildRemoves() throws {
        // Enough cases that writing the site takes a while to catch.
        var cases: [String: String] = [:]
        for n in 0..<400 {
            cases["bulk/case-\(n).md"] = "## Query\n\nquery \(n)\n\n## Candidates\n\n1. first \(n) {rel=1}\n2. second {rel=0}\n"
        }
        let project = try TestProject(config: baselineConfig, cases: cases)
        defer { project.remove() }
        var left: [String] = []
        for _ in 0..<10 where left.isEmpty {
            let build = try BuildProcess(["build"], in: project.root)
            let deadline = Date().addingTimeInterval(60)
            while build.process.isRunning && Date() < deadline {
                let staging = try stagingFolders(project).filter { $0.hasPrefix(".site.new-") }
                let hasFiles = staging.contains {
                    (try? FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent($0).path))?
                        .isEmpty == false
                }
                if hasFiles { kill(build.process.processIdentifier, SIGKILL); break }
                usleep(200)
            }
            _ = build.finish()
            left = try stagingFolders(project)
        }
        XCTAssertFalse(left.isEmpty, "no build could be killed while it was writing")
        XCTAssertEqual(left.count, 1, "\(left)")

        let next = try BuildProcess(["build"], in: project.root).finish()
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try stagingFolders(project), [], "the staging folder of the killed build is still there")
        try assertOneWholeSite(project)
    }

    func testStagingOfARunningBuildOrNotOursIsKept() throws {
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }
        let fm = FileManager.default
        // A process that is alive while the build runs, and one that is gone.
        let alive = Process()
        alive.executableURL = URL(fileURLWithPath: "/bin/sleep")
        alive.arguments = ["30"]
        try alive.run()
        defer { alive.terminate() }
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()

        let marker = SiteMarker.contents(listing: ["index.html"])
        func staging(_ name: String, marked: Bool, extra: String? = nil) throws {
            let folder = project.root.appendingPathComponent(name)
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            if marked { try Data(marker).write(to: folder.appendingPathComponent(SiteMarker.fileName)) }
            if let extra { try Data("user".utf8).write(to: folder.appendingPathComponent(extra)) }
        }
        try staging(".site.new-\(alive.processIdentifier)", marked: true)   // another build still writing
        try staging(".site.new-\(gone.processIdentifier)", marked: true)    // left by a killed build
        try staging(".site.old-\(gone.processIdentifier)", marked: false)   // empty: killed before its marker
        try staging(".site.new-1\(gone.processIdentifier)0", marked: false, extra: "notes.txt") // not ours

        let result = try BuildProcess(["build"], in: project.root).finish()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try stagingFolders(project),
                       [".site.new-1\(gone.processIdentifier)0", ".site.new-\(alive.processIdentifier)"].sorted())
    }
}
