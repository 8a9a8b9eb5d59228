import ArgumentParser

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cache", abstract: "(being built)")
    func run() async throws { throw ValidationError("'cache' is not built yet") }
}
