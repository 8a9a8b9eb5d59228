import ArgumentParser
import Foundation
import Hub

/// `--model`, declared once for every command that loads a model.
struct ModelOption: ParsableArguments {
    @Option(help: "Model: a folder, a hub id (Qwen/Qwen3-Reranker-0.6B) or an alias (see `rerank-site models`).")
    var model: String

    /// The model's folder, pulled into the Hugging Face cache when it is a hub id not there yet.
    func folder() async throws -> URL { try await resolveModelFolder(model) }
}

/// The one place `--model` becomes a model folder: a folder, a hub id found in (or pulled into) the
/// Hugging Face cache, or an alias. Offline and missing, the error says what to run.
func resolveModelFolder(_ model: String) async throws -> URL {
    let printer = ProgressPrinter(terminal: isatty(STDERR_FILENO) == 1)
    let folder = try await ModelResolver.resolve(model, allowDownload: true,
                                                 environment: ProcessInfo.processInfo.environment,
                                                 progress: { printer.update($0) }).folder
    printer.finish()
    return folder
}
