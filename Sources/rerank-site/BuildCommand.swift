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

    func run() async throws {
        var options = project.buildOptions()
        options.output = output.map { project.absolute($0, options.workingDirectory) }
        options.strict = strict
        let log = BuildLog(verbose: project.verbose)
        let report = try await SiteBuilder.build(options, log: log)
        log.line(report.summaryLine)
        print(report.sitePath)
    }
}
