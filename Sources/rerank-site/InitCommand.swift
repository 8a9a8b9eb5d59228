import ArgumentParser
import Foundation
import RerankSite

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new project: a config and two example cases (the built-in theme is used; see `theme eject`); with --ci, a CI workflow.")

    @Argument(help: "The project folder (created if missing).")
    var directory: String
    @Option(name: .long, help: "Also write a CI workflow: github (.github/workflows/rerank-site.yml). In an existing project, only the workflow is written.")
    var ci: String?
    @Option(name: .long, help: "With --ci: the rerank-site repository the workflow builds the tool from (OWNER/NAME on GitHub).")
    var toolRepository: String?
    @Option(name: .long, help: "With --ci: the tag, branch or commit of rerank-site to build (default: v\(rerankSiteVersion)).")
    var toolRef: String?

    func validate() throws {
        if let ci, ci != "github" { throw ValidationError("--ci \(ci): the only CI this writes is github") }
        if ci != nil, toolRepository == nil {
            throw ValidationError("--ci github needs --tool-repository OWNER/NAME: the GitHub repository the workflow builds rerank-site from")
        }
        if ci == nil, toolRepository != nil || toolRef != nil { throw ValidationError("--tool-repository and --tool-ref go with --ci github") }
    }

    func run() async throws {
        let dir = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        let existing = FileManager.default.fileExists(atPath: dir.appendingPathComponent("rerank-site.yml").path)
        if !(existing && ci != nil) {
            for path in try ProjectInit.create(at: dir) { print("created \(directory)/\(path)") }
        }
        if ci != nil, let toolRepository {
            let path = try CIWorkflow.create(in: dir, toolRepository: toolRepository, toolRef: toolRef ?? "v\(rerankSiteVersion)")
            print("created \(directory)/\(path)")
            print("then: push to GitHub and set Settings → Pages → Source to GitHub Actions")
        }
        if !existing { print("next: cd \(directory) && rerank-site build") }
    }
}
