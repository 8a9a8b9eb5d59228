import Foundation
import XCTest
@testable import RerankSite

/// The workflow `init --ci github` writes passes actionlint (with shellcheck on its `run:` steps)
/// and zizmor, each shown to catch a planted mistake; and its shell steps run on this machine
/// (scripts/ci/run-workflow-steps.sh).
final class CIWorkflowTests: XCTestCase {
    /// Runs a command found on PATH; its status and output.
    func run(_ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func requireTool(_ name: String) throws {
        guard try run(["sh", "-c", "command -v \(name)"]).status == 0 else {
            XCTFail("\(name) is not installed: run scripts/install-deps.sh")
            throw XCTSkip("\(name) missing")
        }
    }

    func testWorkflowPassesActionlintAndZizmor() throws {
        try requireTool("actionlint")
        try requireTool("zizmor")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rerank-site-ci-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        XCTAssertEqual(try CIWorkflow.create(in: root, toolRepository: "example-org/rerank-site", toolRef: "v1.2.3"), CIWorkflow.path)
        let workflow = root.appendingPathComponent(CIWorkflow.path)
        XCTAssertThrowsError(try CIWorkflow.create(in: root, toolRepository: "example-org/rerank-site", toolRef: "v1"),
                             "an existing workflow is kept")

        let lint = try run(["actionlint", workflow.path], in: root)
        XCTAssertEqual(lint.status, 0, lint.output)
        let audit = try run(["zizmor", "--offline", "--no-progress", workflow.path], in: root)
        XCTAssertEqual(audit.status, 0, audit.output)

        // The same tools on a workflow with planted mistakes: an expression in a shell step and an
        // unpinned action must be caught, so the passes above mean something.
        var text = try String(contentsOf: workflow, encoding: .utf8)
        text = text.replacingOccurrences(of: "cd \"$PROJECT_DIR\"\n          \"$RERANK_SITE\" check",
                                          with: "cd \"$PROJECT_DIR\"\n          \"$RERANK_SITE\" check --summary ${{ github.event.head_commit.message }}")
        text = text.replacingOccurrences(of: "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", with: "actions/deploy-pages@main")
        let broken = root.appendingPathComponent(".github/workflows/broken.yml")
        try Data(text.utf8).write(to: broken)
        let brokenLint = try run(["actionlint", broken.path], in: root)
        XCTAssertNotEqual(brokenLint.status, 0)
        XCTAssertTrue(brokenLint.output.contains("potentially untrusted"), brokenLint.output)
        let brokenAudit = try run(["zizmor", "--offline", "--no-progress", broken.path], in: root)
        XCTAssertNotEqual(brokenAudit.status, 0)
        XCTAssertTrue(brokenAudit.output.contains("template-injection") && brokenAudit.output.contains("unpinned-uses"), brokenAudit.output)
    }

    func testWorkflowShellStepsRunOnThisMachine() throws {
        let binary = try BuildProcess.binary()
        let script = TestProject.repoRoot.appendingPathComponent("scripts/ci/run-workflow-steps.sh")
        let result = try run(["bash", script.path, binary.path])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("run-workflow-steps: ok: 3 CI runs"), result.output)
    }
}
