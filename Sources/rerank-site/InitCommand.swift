import ArgumentParser

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "(being built)")
    func run() async throws { throw ValidationError("'init' is not built yet") }
}
