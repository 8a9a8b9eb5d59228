import Foundation
import XCTest
@testable import Preview
@testable import RerankSite

/// A preview killed with SIGKILL leaves its private folder; the next preview removes it, but only
/// when its process is gone and the folder holds nothing but a site a build wrote.
final class LeftOverFolderTests: XCTestCase {
    func testOnlyFoldersOfGoneProcessesHoldingOnlyOurSiteAreRemoved() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("leftovers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let gone = try exitedProcessID()
        func container(_ pid: Int32, _ tag: String, extra: String? = nil, marker: Bool = true) throws -> URL {
            let folder = temporary.appendingPathComponent("rerank-site-preview-\(pid)-\(tag)")
            let site = folder.appendingPathComponent("site")
            try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
            try Data("<p>page</p>".utf8).write(to: site.appendingPathComponent("index.html"))
            if marker {
                try Data(SiteMarker.contents(listing: ["index.html"])).write(to: site.appendingPathComponent(SiteMarker.fileName))
            }
            if let extra { try Data("mine".utf8).write(to: folder.appendingPathComponent(extra)) }
            return folder
        }
        let ours = try container(gone, "AAAAAAAA")
        let withUserFile = try container(gone, "BBBBBBBB", extra: "notes.txt")
        let unmarked = try container(gone, "CCCCCCCC", marker: false)
        let running = try container(1, "DDDDDDDD")
        let otherName = temporary.appendingPathComponent("rerank-site-preview-notes")
        try FileManager.default.createDirectory(at: otherName, withIntermediateDirectories: true)

        PreviewSession.removeLeftOvers(in: temporary)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ours.path))
        for kept in [withUserFile, unmarked, running, otherName] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: kept.path), kept.lastPathComponent)
        }
    }

    /// The id of a process that has exited.
    func exitedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
