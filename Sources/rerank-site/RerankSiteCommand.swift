import ArgumentParser
import Foundation
import Kernels
import RerankSite

/// The rerank-site command: a thin layer over the RerankSite library.
/// Exit codes: 0 built, 1 bad input or a failed scorer, 2 usage error.
@main
struct RerankSiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerank-site",
        abstract: "Build static sites that show what a neural reranker does to your cases.",
        version: rerankSiteVersion,
        subcommands: [
            BuildCommand.self, CheckCommand.self, InitCommand.self, CacheCommand.self,
            ScoreCommand.self, TokenizeCommand.self, ModelsCommand.self,
            ServeCommand.self, ServeAPICommand.self, BenchCommand.self, BenchEncoderCommand.self, ThemeCommand.self,
            ImportCommand.self, ExportCommand.self,
        ]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            // Commands that run the engine first pick the fastest OpenBLAS kernels, which may
            // restart the process once with the library's environment set (bench reports its choice).
            if command is BuildCommand || command is ServeCommand || command is ScoreCommand || command is ServeAPICommand {
                useFastestBLASKernels()
            }
            if var async = command as? AsyncParsableCommand { try await async.run() } else { try command.run() }
        } catch let code as ExitCode {
            // `check` and `build --check` have printed the failed gates already.
            Foundation.exit(code.rawValue)
        } catch let error as BuildError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(error.exitStatus)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            // Help and version exit 0; every other failure (a scorer, a model, IO) is 1.
            if code == .success { exit(withError: error) }
            FileHandle.standardError.write(Data(("error: \(error)\n").utf8))
            Foundation.exit(1)
        }
    }
}
