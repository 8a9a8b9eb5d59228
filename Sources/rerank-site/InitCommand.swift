import ArgumentParser
import Foundation
import RerankSite

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new project: a config and two example cases (the built-in theme is used; see `theme eject`).")

    @Argument(help: "The project folder (created if missing).")
    var directory: String

    func run() async throws {
        let dir = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let written = try ProjectInit.create(at: dir.standardizedFileURL)
        for path in written { print("created \(directory)/\(path)") }
        print("next: cd \(directory) && rerank-site build")
    }
}
