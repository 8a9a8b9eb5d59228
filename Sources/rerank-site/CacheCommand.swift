import ArgumentParser
import Cache
import Foundation
import RerankSite

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect or empty the score cache.",
        subcommands: [Stats.self, Clear.self])

    struct Location: ParsableArguments {
        @OptionGroup var project: ConfigArguments
        @Option(name: .long, help: "Cache file (overrides `cache` in the configuration).")
        var cache: String?

        func resolve() throws -> URL {
            var options = project.buildOptions()
            options.cache = cache.map { absoluteURL($0).path }
            return try SiteBuilder.cacheFile(options)
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rows per scorer and the file's size.")
        @OptionGroup var location: Location
        func run() async throws {
            let url = try location.resolve()
            guard FileManager.default.fileExists(atPath: url.path) else { print("\(url.path): no cache yet"); return }
            let cache = try ScoreCache(path: url)
            for w in cache.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            let stats = try cache.stats()
            print("\(stats.path): \(stats.totalRows) scores, \(stats.fileBytes / 1024) KiB")
            for row in stats.rowsByScorer { print("  \(row.rows)\t\(row.scorer)") }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every cached score.")
        @OptionGroup var location: Location
        func run() async throws {
            let url = try location.resolve()
            guard FileManager.default.fileExists(atPath: url.path) else { print("\(url.path): no cache yet"); return }
            let cache = try ScoreCache(path: url)
            try cache.clear()
            print("cleared \(url.path)")
        }
    }
}
