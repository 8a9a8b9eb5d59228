/// Where the server listens and the limits that keep one client from harming the others.
public struct APIServerConfig: Sendable, Equatable {
    public var host: String
    /// 0 picks a free port (tests); `APIServer.start()` returns the one bound.
    public var port: Int
    /// Estimated prompt tokens one engine batch may hold (a single larger request runs alone).
    public var maxBatchTokens: Int
    /// Documents one engine batch may hold.
    public var maxBatchDocuments: Int
    /// Documents (or score pairs) one request may carry; more is a 413.
    public var maxDocuments: Int
    /// Bytes one request body may carry; more is a 413.
    public var maxBodyBytes: Int
    /// A request must arrive in full within this many seconds of the connection opening or of
    /// the previous response; otherwise the connection is closed (a 408 if a request had begun).
    public var readTimeoutSeconds: Double
    /// Documents waiting for the engine beyond which new requests get a 503.
    public var maxQueuedDocuments: Int
    /// How long a shutdown waits for requests in flight before closing their connections.
    public var shutdownGraceSeconds: Double
    /// Event loop threads for sockets and HTTP parsing; scoring runs elsewhere.
    public var eventLoopThreads: Int
    /// Open connections beyond which new ones are closed at once (each may buffer a body).
    public var maxConnections: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBatchTokens: Int = 16_384, maxBatchDocuments: Int = 256,
        maxDocuments: Int = 1_000, maxBodyBytes: Int = 16 << 20, readTimeoutSeconds: Double = 30,
        maxQueuedDocuments: Int = 20_000, shutdownGraceSeconds: Double = 60, eventLoopThreads: Int = 2,
        maxConnections: Int = 256
    ) {
        self.host = host; self.port = port; self.maxBatchTokens = maxBatchTokens
        self.maxBatchDocuments = maxBatchDocuments; self.maxDocuments = maxDocuments
        self.maxBodyBytes = maxBodyBytes; self.readTimeoutSeconds = readTimeoutSeconds
        self.maxQueuedDocuments = maxQueuedDocuments; self.shutdownGraceSeconds = shutdownGraceSeconds
        self.eventLoopThreads = eventLoopThreads
        self.maxConnections = maxConnections
    }
}
