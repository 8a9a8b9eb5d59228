import ArgumentParser

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "models", abstract: "(being built)")
    func run() async throws { throw ValidationError("'models' is not built yet") }
}
