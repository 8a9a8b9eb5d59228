import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The rerank API server: vLLM/Jina/Cohere/TEI-shaped routes over any `RerankEngine`,
/// with concurrent requests batched into the engine.
///
///     let server = APIServer(engine: engine, config: APIServerConfig(port: 8080))
///     try await server.run()          // until SIGINT or SIGTERM, then a graceful shutdown
///
/// Tests call `start()` (which returns the bound port) and `shutdown()` instead of `run()`.
public final class APIServer: @unchecked Sendable {
    // Mutable state is guarded by `lock`; everything else is set once in init.
    public let config: APIServerConfig
    private let engine: any RerankEngine
    private let batcher: Batcher
    private let api: APIHandler
    private let log: @Sendable (String) -> Void
    private let group: MultiThreadedEventLoopGroup
    private let lock = NSLock()
    private var listener: Channel?
    private var connections: [ObjectIdentifier: Channel] = [:]
    private var stopping = false
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []
    private var stopped = false
    private var doneWaiters: [CheckedContinuation<Void, Never>] = []

    public init(engine: any RerankEngine, config: APIServerConfig, log: @escaping @Sendable (String) -> Void = RequestLog.standardError) {
        self.config = config
        self.engine = engine
        self.log = log
        batcher = Batcher(engine: engine, maxBatchTokens: config.maxBatchTokens,
                          maxBatchDocuments: config.maxBatchDocuments, maxQueuedDocuments: config.maxQueuedDocuments)
        api = APIHandler(engine: engine, batcher: batcher, limits: config)
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, config.eventLoopThreads))
    }

    /// Binds and starts accepting; returns the port (useful with port 0).
    @discardableResult
    public func start() async throws -> Int {
        let api = self.api
        let limits = config
        let log = self.log
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [weak self] channel in
                self?.track(channel)
                return channel.pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(HTTPRequestHandler(api: api, limits: limits, log: log))
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.bind(host: config.host, port: config.port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        lock.withLock { listener = channel }
        let port = channel.localAddress?.port ?? config.port
        log("serving \(engine.modelName) on http://\(config.host):\(port) (max \(config.maxDocuments) documents, \(config.maxBodyBytes) bytes per request)")
        return port
    }

    /// Starts, serves until SIGINT or SIGTERM (or `shutdown()`), then shuts down gracefully.
    public func run() async throws {
        try await start()
        let sources = [SIGINT, SIGTERM].map { signalNumber -> DispatchSourceSignal in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in
                self?.log("signal \(signalNumber): finishing requests in flight")
                self?.requestStop()
            }
            source.resume()
            return source
        }
        await waitForStopRequest()
        await shutdown()
        for source in sources { source.cancel() }
    }

    /// Stops accepting, lets requests in flight finish (up to `shutdownGraceSeconds`), closes
    /// idle connections, and releases the threads. Safe to call more than once.
    public func shutdown() async {
        requestStop()
        let first: Bool = lock.withLock {
            if stopping { return false }
            stopping = true
            return true
        }
        guard first else {
            await withCheckedContinuation { continuation in
                let done = lock.withLock { () -> Bool in
                    if stopped { return true }
                    doneWaiters.append(continuation)
                    return false
                }
                if done { continuation.resume() }
            }
            return
        }
        let (server, open) = lock.withLock { (listener, Array(connections.values)) }
        try? await server?.close()
        // HTTPServerPipelineHandler closes idle connections now and busy ones after their response.
        for channel in open { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
        let loop = group.next()
        let force = loop.scheduleTask(in: .nanoseconds(Int64(config.shutdownGraceSeconds * 1e9))) {
            for channel in open { channel.close(promise: nil) }
        }
        try? await EventLoopFuture.andAllComplete(open.map(\.closeFuture), on: loop).get()
        force.cancel()
        await batcher.waitUntilIdle()
        try? await group.shutdownGracefully()
        log("shut down")
        let waiters = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            stopped = true
            defer { doneWaiters = [] }
            return doneWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Batches the engine has run; lets tests check that concurrent requests were merged.
    public func batchesRun() async -> Int { await batcher.batchesRun }

    // MARK: internals

    private func track(_ channel: Channel) {
        let key = ObjectIdentifier(channel)
        let refuse = lock.withLock { () -> Bool in
            if stopping || connections.count >= config.maxConnections { return true }
            connections[key] = channel
            return false
        }
        if refuse {
            if !lock.withLock({ stopping }) { log("connection refused: \(config.maxConnections) connections open") }
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.lock.withLock { _ = self?.connections.removeValue(forKey: key) }
        }
    }

    private func requestStop() {
        let waiters = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            stopRequested = true
            defer { stopWaiters = [] }
            return stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private var stopRequested = false

    private func waitForStopRequest() async {
        await withCheckedContinuation { continuation in
            let already = lock.withLock { () -> Bool in
                if stopRequested { return true }
                stopWaiters.append(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }
}
