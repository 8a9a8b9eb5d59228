import ArgumentParser

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "(being built)")
    func run() async throws { throw ValidationError("'score' is not built yet") }
}
