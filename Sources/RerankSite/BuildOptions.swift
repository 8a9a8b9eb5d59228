import Foundation

/// What a user asked for on the command line; nil fields fall back to rerank-site.yml.
public struct BuildOptions: Sendable {
    /// rerank-site.yml; nil means `./rerank-site.yml` if present, else the defaults.
    public var configFile: URL?
    public var input: String?
    public var output: String?
    public var cache: String?
    /// Scorer ids to run (configured ids, or the built-in kinds `original` and `bm25`); empty: all configured.
    public var scorers: [String] = []
    public var includeDrafts = false
    /// Treat warnings (truncated pairs, a cache moved aside, a scorer not run) as errors.
    public var strict = false
    /// Download hub models missing from the cache (`--pull`); without it a build never downloads.
    public var pull = false
    /// `--check`: write the gates' Markdown summary (to `summaryFile` or $GITHUB_STEP_SUMMARY).
    public var check = false
    /// `--summary FILE` for the Markdown summary of the gates.
    public var summaryFile: String?
    /// `--history FILE`: a published data/history.json to seed the run history from.
    public var historyFile: String?
    /// Where relative paths of a missing config resolve (the working directory).
    public var workingDirectory: URL

    public init(workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.workingDirectory = workingDirectory
    }
}

/// What a build did, for the last line of its output.
public struct BuildReport: Sendable {
    public var cases: Int
    public var pairs: Int
    public var scored: Int
    public var cached: Int
    public var seconds: Double
    public var sitePath: String
    public var warnings: [String]
    /// The gates on this build's results.
    public var check: CheckReport

    /// `N cases, M pairs: S scored, C cached in T s`
    public var summaryLine: String {
        "\(cases) cases, \(pairs) pairs: \(scored) scored, \(cached) cached in \(String(format: "%.2f", seconds)) s"
    }
}
