import ArgumentParser
import Foundation
import Preview
import RerankSite

/// `rerank-site serve`: a live preview. Builds into a private folder, serves it on 127.0.0.1,
/// rebuilds through the cache when a case file, rerank-site.yml or a template changes, and reloads
/// the open page. The configured output folder is never written.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site on 127.0.0.1, rebuilt and reloaded whenever an input changes.",
        discussion: "The preview is built into a private folder; the configured output folder is never written. Stop with Ctrl-C.")

    @Option(name: .long, help: "Port on 127.0.0.1 (0: any free port).")
    var port = 8000
    @OptionGroup var project: ProjectArguments

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535") }
    }

    func run() async throws {
        let options = project.buildOptions()
        let log = BuildLog(verbose: project.verbose)
        let session = try PreviewSession(options: options, log: log)
        let server = PreviewServer(session: session, port: port)
        try await server.run { port in
            log.line("serving http://127.0.0.1:\(port)/ (watching rerank-site.yml, the cases and templates/; Ctrl-C stops)")
        }
    }
}
