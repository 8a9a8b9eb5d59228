import Foundation
import Hub

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
