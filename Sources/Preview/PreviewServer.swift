import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `rerank-site serve`: the preview session's site over HTTP on 127.0.0.1, rebuilt on change.
///
///     let server = PreviewServer(session: session, port: 8000)
///     try await server.run { port in … }   // serves, builds and watches until SIGINT, SIGTERM or SIGHUP
///
/// Tests call `start()` (which returns the bound port) and `stop()` instead of `run()`.
public final class PreviewServer: @unchecked Sendable {
    public let session: PreviewSession
    public let host = "127.0.0.1"
    private let port: Int
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let lock = NSLock()
    private var channel: Channel?
    private var watcher: Task<Void, Never>?

    public init(session: PreviewSession, port: Int) {
        self.session = session
        self.port = port
    }

    /// Binds (and tells `onListening` the port), builds once (a failed build is served as its error
    /// page), starts watching; returns the port. Until the first build ends, pages say it is running
    /// and reload when it is done.
    @discardableResult
    public func start(onListening: ((Int) -> Void)? = nil) async throws -> Int {
        let responder = PreviewResponder(session: session)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(PreviewHTTPHandler(responder: responder))
                }
            }
        let bound: Channel
        do { bound = try await bootstrap.bind(host: host, port: port).get() } catch {
            try? await group.shutdownGracefully()
            session.close()
            if let io = error as? IOError, io.errnoCode == EADDRINUSE {
                throw PreviewError(message: "port \(port) on \(host) is in use; choose another with --port (--port 0 takes any free one)")
            }
            throw PreviewError(message: "cannot listen on \(host):\(port) (\(error))")
        }
        lock.withLock { channel = bound }
        let boundPort = bound.localAddress?.port ?? port
        onListening?(boundPort)
        await session.build(reason: "first build")
        let session = self.session
        lock.withLock { watcher = Task.detached { await session.watch() } }
        return boundPort
    }

    /// Serves until SIGINT, SIGTERM or SIGHUP (the terminal closed), then removes the preview's
    /// private folder and ends the process, at once, even in the middle of a long build (a model
    /// scoring): what the cache committed stays, and nothing else needs finishing.
    public func run(onListening: @escaping (Int) -> Void) async throws -> Never {
        let session = self.session
        // A serial queue of its own gets a thread even while a build keeps every worker busy.
        let queue = DispatchQueue(label: "rerank-site.serve.signals")
        let sources = [SIGINT, SIGTERM, SIGHUP].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                session.close()
                exit(0)
            }
            source.resume()
            return source
        }
        lock.withLock { signalSources = sources }
        try await start(onListening: onListening)
        while true { try? await Task.sleep(nanoseconds: 3_600_000_000_000) }
    }

    private var signalSources: [DispatchSourceSignal] = []

    /// Stops watching (after the build in progress, if any) and serving, and removes the private folder.
    public func stop() async {
        let (bound, task) = lock.withLock { (channel, watcher) }
        task?.cancel()
        await task?.value
        try? await bound?.close()
        try? await group.shutdownGracefully()
        session.close()
    }
}

/// Why the preview cannot start, in plain words.
public struct PreviewError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "serve: \(message)" }
}
