import ArgumentParser
import Foundation
import RerankSite

/// What `build` and `serve` both read: the project, the cases, the cache and which scorers run.
struct ProjectArguments: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: ./rerank-site.yml if present).")
    var config: String?
    @Option(name: .long, help: "Folder of case files (overrides `input`).")
    var input: String?
    @Option(name: .long, help: "Score cache file (overrides `cache`).")
    var cache: String?
    @Option(name: .customLong("scorer"), help: "Run only this scorer (repeatable): a configured id, or original / bm25.")
    var scorers: [String] = []
    @Flag(help: "Include cases marked `draft: true`.")
    var drafts = false
    @Flag(help: "Download hub models missing from the cache (a build never downloads otherwise).")
    var pull = false
    @Flag(name: .shortAndLong, help: "Say more about each step.")
    var verbose = false

    /// Build options with these arguments; command-line paths are relative to the working directory.
    func buildOptions() -> BuildOptions {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var options = BuildOptions(workingDirectory: cwd)
        options.configFile = config.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
        options.input = input.map { absolute($0, cwd) }
        options.cache = cache.map { absolute($0, cwd) }
        options.scorers = scorers
        options.includeDrafts = drafts
        options.pull = pull
        return options
    }

    func absolute(_ path: String, _ cwd: URL) -> String {
        URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL.path
    }
}
