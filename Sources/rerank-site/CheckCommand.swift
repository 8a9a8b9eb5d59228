import ArgumentParser
import Foundation
import RerankSite

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate the gates of rerank-site.yml on the last build: exit 1 listing every failed gate, 0 otherwise.")

    @Option(name: .long, help: "Configuration file (default: ./rerank-site.yml if present).")
    var config: String?
    @Option(name: .long, help: "The built site (overrides `output`).")
    var output: String?
    @Option(name: .long, help: "Write the Markdown summary here (default: $GITHUB_STEP_SUMMARY when set).")
    var summary: String?

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var options = BuildOptions(workingDirectory: cwd)
        options.configFile = config.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
        options.output = output.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL.path }
        options.summaryFile = summary.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL.path }
        let report = try SiteBuilder.check(options)
        report.lines.forEach { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}
