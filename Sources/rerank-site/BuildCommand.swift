import ArgumentParser
import Foundation
import RerankSite

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Score every case with every scorer and write the site.")

    @OptionGroup var project: ProjectArguments
    @Option(name: .long, help: "Folder the site is written to (overrides `output`).")
    var output: String?
    @Flag(help: "Fail on warnings (truncated candidates, a cache moved aside, an optional scorer not run).")
    var strict = false
    @Flag(help: "Then evaluate the gates of rerank-site.yml: exit 1 listing every failed gate (the site is still written).")
    var check = false
    @Option(name: .long, help: "With --check: write the Markdown summary here (default: $GITHUB_STEP_SUMMARY when set).")
    var summary: String?
    @Option(name: .long, help: "Seed the run history from a published data/history.json (a CI runner starts without the cache).")
    var history: String?

    func run() async throws {
        var options = project.buildOptions()
        options.output = output.map { absoluteURL($0).path }
        options.strict = strict
        options.check = check
        options.historyFile = history.map { absoluteURL($0).path }
        options.summaryFile = summary.map { absoluteURL($0).path }
        let log = BuildLog(verbose: project.verbose)
        let report = try await SiteBuilder.build(options, log: log)
        log.line(report.summaryLine)
        print(report.sitePath)
        if check {
            report.check.lines.forEach { log.line($0) }
            if report.check.exitStatus != 0 { throw ExitCode(report.check.exitStatus) }
        }
    }
}
