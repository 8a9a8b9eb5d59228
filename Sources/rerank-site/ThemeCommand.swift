import ArgumentParser
import Foundation
import RerankSite

/// `rerank-site theme`: the built-in theme's files, ejected into a project to override them one by
/// one, and how the overrides differ from the built-in files.
struct ThemeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme", abstract: "List, eject or compare the theme's templates.",
        subcommands: [List.self, Eject.self, Diff.self])

    struct Project: ParsableArguments {
        @Option(name: .long, help: "Configuration file (default: ./rerank-site.yml if present); templates/ sits beside it.")
        var config: String?

        func templatesFolder() throws -> URL {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            var options = BuildOptions(workingDirectory: cwd)
            options.configFile = config.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
            return try ThemeFiles.folder(options)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The built-in theme's files, and which the project overrides.")
        @OptionGroup var project: Project
        func run() async throws {
            let folder = try project.templatesFolder()
            for file in ThemeFiles.builtIn {
                let overridden = FileManager.default.fileExists(atPath: folder.appendingPathComponent(file.path).path)
                print(file.path + (overridden ? "  (overridden by templates/\(file.path))" : ""))
            }
        }
    }

    struct Eject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy built-in templates into the project's templates/ to override them; never overwrites a file.")
        @OptionGroup var project: Project
        @Argument(help: "Files of the built-in theme: case, layout.mustache, style.css … (`rerank-site theme list`).")
        var files: [String] = []
        func run() async throws {
            for path in try ThemeFiles.eject(files, into: try project.templatesFolder()) { print("created \(path)") }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how the project's templates/ differ from the built-in theme (unified diff).")
        @OptionGroup var project: Project
        func run() async throws {
            for entry in try ThemeFiles.diff(folder: try project.templatesFolder()) {
                print(entry, terminator: entry.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}
