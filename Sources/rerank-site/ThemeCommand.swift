import ArgumentParser
import Foundation
import RerankSite

/// `rerank-site theme`: the built-in theme's files, ejected into a project to override them one by
/// one, and how the overrides differ from the built-in files.
struct ThemeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme", abstract: "List, eject or compare the theme's templates.",
        discussion: templatesNote,
        subcommands: [List.self, Eject.self, Diff.self])

    /// Where the project's templates are, for each subcommand's help.
    static let templatesNote = "The project's templates/ folder sits beside its configuration file (--config)."

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The built-in theme's files, and which the project overrides.", discussion: templatesNote)
        @OptionGroup var project: ConfigArguments
        func run() async throws {
            let folder = try ThemeFiles.folder(project.buildOptions())
            for file in ThemeFiles.builtIn {
                let overridden = FileManager.default.fileExists(atPath: folder.appendingPathComponent(file.path).path)
                print(file.path + (overridden ? "  (overridden by templates/\(file.path))" : ""))
            }
        }
    }

    struct Eject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy built-in templates into the project's templates/ to override them; never overwrites a file.",
            discussion: templatesNote)
        @OptionGroup var project: ConfigArguments
        @Argument(help: "Files of the built-in theme: case, layout.mustache, style.css … (`rerank-site theme list`).")
        var files: [String] = []
        func run() async throws {
            for path in try ThemeFiles.eject(files, into: try ThemeFiles.folder(project.buildOptions())) { print("created \(path)") }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how the project's templates/ differ from the built-in theme (unified diff).",
            discussion: templatesNote)
        @OptionGroup var project: ConfigArguments
        func run() async throws {
            for entry in try ThemeFiles.diff(folder: try ThemeFiles.folder(project.buildOptions())) {
                print(entry, terminator: entry.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}
