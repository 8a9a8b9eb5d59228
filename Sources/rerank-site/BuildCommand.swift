import ArgumentParser

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "(being built)")
    func run() async throws { throw ValidationError("'build' is not built yet") }
}
