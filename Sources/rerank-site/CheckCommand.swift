import ArgumentParser
import Foundation
import RerankSite

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate the gates of rerank-site.yml on the last build: exit 1 listing every failed gate, 0 otherwise.")

    @OptionGroup var project: ConfigArguments
    @Option(name: .long, help: "The built site (overrides `output`).")
    var output: String?
    @Option(name: .long, help: "Write the Markdown summary here (default: $GITHUB_STEP_SUMMARY when set).")
    var summary: String?

    func run() throws {
        var options = project.buildOptions()
        options.output = output.map { absoluteURL($0).path }
        options.summaryFile = summary.map { absoluteURL($0).path }
        let report = try SiteBuilder.check(options)
        report.lines.forEach { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}
