import ArgumentParser
import Cache
import Foundation
import RerankSite

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect or empty the score cache.",
        subcommands: [Stats.self, Clear.self])

    struct Location: ParsableArguments {
        @Option(name: .long, help: "Configuration file (default: ./rerank-site.yml if present).")
        var config: String?
        @Option(name: .long, help: "Cache file (overrides `cache` in the configuration).")
        var cache: String?

        func resolve() throws -> URL {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            if let cache { return URL(fileURLWithPath: cache, relativeTo: cwd).standardizedFileURL }
            let file = config.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
                ?? cwd.appendingPathComponent("rerank-site.yml")
            let settings = try SiteConfig.load(file: file, mustExist: config != nil)
            return settings.resolve(settings.cache)
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
