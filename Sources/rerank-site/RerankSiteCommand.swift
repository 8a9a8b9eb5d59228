import ArgumentParser

/// The rerank-site command: a thin layer over the RerankSite library.
@main
struct RerankSiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerank-site",
        abstract: "Build static sites that show what a neural reranker does to your cases.",
        version: toolVersion,
        subcommands: [
            BuildCommand.self, InitCommand.self, CacheCommand.self,
            ScoreCommand.self, TokenizeCommand.self, ModelsCommand.self,
            ServeAPICommand.self, BenchCommand.self,
        ]
    )
}

