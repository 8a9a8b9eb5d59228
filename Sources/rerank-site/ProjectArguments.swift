import ArgumentParser
import Foundation
import RerankSite

/// The project's configuration file. Every command that reads the project (`build`, `serve`,
/// `export`, `check`, `cache`, `theme`) takes it, through this group or one that holds it.
struct ConfigArguments: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: ./rerank-site.yml if present).")
    var config: String?

    /// Build options naming the configuration file; a relative path is from the working directory.
    func buildOptions() -> BuildOptions {
        var options = BuildOptions(workingDirectory: workingDirectory)
        options.configFile = config.map(absoluteURL)
        return options
    }
}

/// Where the cases are: the configuration, the case folder and whether drafts count. `build`,
/// `serve` and `export` read them the same way.
struct CaseArguments: ParsableArguments {
    @OptionGroup var configuration: ConfigArguments
    @Option(name: .long, help: "Folder of case files (overrides `input`).")
    var input: String?
    @Flag(help: "Include cases marked `draft: true`.")
    var drafts = false

    /// Build options with these arguments; command-line paths are relative to the working directory.
    func buildOptions() -> BuildOptions {
        var options = configuration.buildOptions()
        options.input = input.map { absoluteURL($0).path }
        options.includeDrafts = drafts
        return options
    }
}

/// What `build` and `serve` both read: the cases (`CaseArguments`), the cache and which scorers run.
struct ProjectArguments: ParsableArguments {
    @OptionGroup var cases: CaseArguments
    @Option(name: .long, help: "Score cache file (overrides `cache`).")
    var cache: String?
    @Option(name: .customLong("scorer"), help: "Run only this scorer (repeatable): a configured id, or original / bm25.")
    var scorers: [String] = []
    @Flag(help: "Download hub models missing from the cache (a build never downloads otherwise).")
    var pull = false
    @Flag(name: .shortAndLong, help: "Say more about each step.")
    var verbose = false

    func buildOptions() -> BuildOptions {
        var options = cases.buildOptions()
        options.cache = cache.map { absoluteURL($0).path }
        options.scorers = scorers
        options.pull = pull
        return options
    }
}

/// The working directory, which command-line paths are relative to.
var workingDirectory: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

/// A command-line path as an absolute URL (relative paths from the working directory).
func absoluteURL(_ path: String) -> URL {
    URL(fileURLWithPath: path, relativeTo: workingDirectory).standardizedFileURL
}
