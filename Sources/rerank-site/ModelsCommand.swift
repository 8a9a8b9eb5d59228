import ArgumentParser
import Foundation
import Hub
#if canImport(Glibc)
import Glibc
#endif

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Download rerankers into the Hugging Face cache and list what it holds.",
        discussion: """
            Models live in the cache huggingface_hub uses ($HF_HUB_CACHE, else $HF_HOME/hub, else \
            ~/.cache/huggingface/hub), so a model either tool downloaded serves both. Downloads come \
            from $HF_ENDPOINT (https://huggingface.co) with $HF_TOKEN when set; HF_HUB_OFFLINE=1 \
            forbids the network.
            """,
        subcommands: [Pull.self, List.self],
        defaultSubcommand: List.self
    )

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download a model's reranker files (config, tokenizer, safetensors), resuming partial files.")

        @Argument(help: "A hub id (Qwen/Qwen3-Reranker-0.6B) or an alias (\(ModelReference.aliases.keys.sorted().joined(separator: ", "))).")
        var model: String

        @Option(help: "A branch, tag or commit hash (default: main).")
        var revision: String?

        func validate() throws {
            guard case .hub = ModelReference.parse(model).kind else {
                throw ValidationError("'\(model)' is not a hub id (ORG/NAME) or an alias")
            }
        }

        func run() async throws {
            guard case let .hub(id, namedRevision) = ModelReference.parse(model).kind else { return }
            let printer = ProgressPrinter(terminal: isatty(STDERR_FILENO) == 1)
            let folder = try await HubClient().pull(id: id, revision: revision ?? namedRevision) { printer.update($0) }
            printer.finish()
            print(folder.path)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the cached models: id, revision, size, files, and whether each is complete.")

        func run() async throws {
            let cache = HubCache()
            print(ModelListing.table(try cache.listModels(), cacheRoot: cache.root), terminator: "")
        }
    }
}

/// Writes pull progress to stderr: a redrawn line on a terminal (at most ten times a second),
/// otherwise one line per finished file.
final class ProgressPrinter: @unchecked Sendable {
    private let terminal: Bool
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var fileStart = Date()
    private var currentFile = ""
    private var drewLine = false

    init(terminal: Bool) { self.terminal = terminal }

    func update(_ progress: DownloadProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if progress.file != currentFile {
            currentFile = progress.file
            fileStart = now
        }
        let finished = progress.fileTotal.map { progress.fileBytes >= $0 } ?? false
        let elapsed = now.timeIntervalSince(fileStart)
        let speed = elapsed > 0.5 ? Double(progress.fileBytes) / elapsed : nil
        if terminal {
            guard finished || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            let line = ModelListing.progressLine(progress, bytesPerSecond: speed)
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (finished ? "\n" : "")).utf8))
            drewLine = !finished
        } else if finished {
            FileHandle.standardError.write(Data("downloaded \(progress.file) (\(ModelListing.formatBytes(progress.fileBytes)))\n".utf8))
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drewLine { FileHandle.standardError.write(Data("\n".utf8)) }
        drewLine = false
    }
}
