import ArgumentParser
import Foundation
import RerankSite

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Score every case with every scorer and write the site.")

    @Option(name: .long, help: "Configuration file (default: ./rerank-site.yml if present).")
    var config: String?
    @Option(name: .long, help: "Folder of case files (overrides `input`).")
    var input: String?
    @Option(name: .long, help: "Folder the site is written to (overrides `output`).")
    var output: String?
    @Option(name: .long, help: "Score cache file (overrides `cache`).")
    var cache: String?
    @Option(name: .customLong("scorer"), help: "Run only this scorer (repeatable): a configured id, or original / bm25.")
    var scorers: [String] = []
    @Flag(help: "Include cases marked `draft: true`.")
    var drafts = false
    @Flag(help: "Fail on warnings (truncated candidates, a cache moved aside, an optional scorer not run).")
    var strict = false
    @Flag(help: "Download hub models missing from the cache (a build never downloads otherwise).")
    var pull = false
    @Flag(name: .shortAndLong, help: "Say more about each step.")
    var verbose = false

    func run() async throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var options = BuildOptions(workingDirectory: cwd)
        options.configFile = config.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
        options.input = input.map { absolute($0, cwd) }
        options.output = output.map { absolute($0, cwd) }
        options.cache = cache.map { absolute($0, cwd) }
        options.scorers = scorers
        options.includeDrafts = drafts
        options.strict = strict
        options.pull = pull
        let log = BuildLog(verbose: verbose)
        let report = try await SiteBuilder.build(options, log: log)
        log.line(report.summaryLine)
        print(report.sitePath)
    }

    /// Command-line paths are relative to the working directory, not to the config file.
    private func absolute(_ path: String, _ cwd: URL) -> String {
        URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL.path
    }
}
