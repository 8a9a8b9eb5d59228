import ArgumentParser

struct ServeAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve-api", abstract: "(being built)")
    func run() async throws { throw ValidationError("'serve-api' is not built yet") }
}
