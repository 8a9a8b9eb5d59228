/// Queues scoring work from concurrent HTTP requests and runs it through the engine in
/// batches of at most `maxBatchTokens` estimated tokens and `maxBatchDocuments` documents
/// (a single request larger than that still runs, alone). Requests that arrive while a batch runs
/// wait and go together into the next: the engine gets them in one call and scores them in shared
/// passes (each request stays its own `EngineRequest`; its scores equal those it gets alone, to
/// float32 rounding). One batch runs at a time, so the engine sees the whole machine. A request whose task is cancelled (its client went away) leaves
/// the queue at once; one already in the engine runs to the end.
actor Batcher {
    private struct Job {
        var id: UInt64
        var request: EngineRequest
        var tokens: Int
        var continuation: CheckedContinuation<[EngineScore], Error>
    }

    private let engine: any RerankEngine
    private let maxBatchTokens: Int
    private let maxBatchDocuments: Int
    private let maxQueuedDocuments: Int
    private var queue: [Job] = []
    private var queuedDocuments = 0
    private var running = false
    private var nextID: UInt64 = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Batches run so far; tests read it to see that requests were merged.
    private(set) var batchesRun = 0

    init(engine: any RerankEngine, maxBatchTokens: Int, maxBatchDocuments: Int, maxQueuedDocuments: Int) {
        self.engine = engine
        self.maxBatchTokens = max(1, maxBatchTokens)
        self.maxBatchDocuments = max(1, maxBatchDocuments)
        self.maxQueuedDocuments = max(1, maxQueuedDocuments)
    }

    /// Scores one request once its turn comes; `tokens` is the caller's estimate. Throws
    /// CancellationError when the calling task is cancelled before the request reaches the engine.
    func submit(_ request: EngineRequest, estimatedTokens tokens: Int) async throws -> [EngineScore] {
        if request.documents.isEmpty { return [] }
        if queuedDocuments > 0 && queuedDocuments + request.documents.count > maxQueuedDocuments {
            throw APIError.busy(queued: queuedDocuments)
        }
        let id = nextID
        nextID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                queue.append(Job(id: id, request: request, tokens: tokens, continuation: continuation))
                queuedDocuments += request.documents.count
                if !running {
                    running = true
                    Task { await self.drainQueue() }
                }
            }
        } onCancel: {
            Task { await self.withdraw(id) }
        }
    }

    /// Takes a cancelled request out of the queue; one already running (or done) is left alone.
    private func withdraw(_ id: UInt64) {
        guard let index = queue.firstIndex(where: { $0.id == id }) else { return }
        let job = queue.remove(at: index)
        queuedDocuments -= job.request.documents.count
        job.continuation.resume(throwing: CancellationError())
    }

    /// Returns once nothing is queued or running.
    func waitUntilIdle() async {
        if !running && queue.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func drainQueue() async {
        while !queue.isEmpty {
            let jobs = takeBatch()
            await run(jobs)
        }
        running = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// The queue's head plus as many following jobs as fit the limits, in arrival order.
    private func takeBatch() -> [Job] {
        var tokens = 0
        var documents = 0
        var taken = 0
        for job in queue {
            let fits = tokens + job.tokens <= maxBatchTokens && documents + job.request.documents.count <= maxBatchDocuments
            if taken > 0 && !fits { break }
            tokens += job.tokens
            documents += job.request.documents.count
            taken += 1
        }
        let jobs = Array(queue.prefix(taken))
        queue.removeFirst(taken)
        queuedDocuments -= documents
        return jobs
    }

    /// The batch's requests, each as it came, in one engine call.
    private func run(_ jobs: [Job]) async {
        batchesRun += 1
        do {
            let results = try await engine.score(batch: jobs.map(\.request))
            guard results.count == jobs.count, zip(results, jobs).allSatisfy({ $0.count == $1.request.documents.count }) else {
                throw APIError.engine(message: "engine returned scores that do not match the batch")
            }
            for (job, scores) in zip(jobs, results) { job.continuation.resume(returning: scores) }
        } catch {
            for job in jobs { job.continuation.resume(throwing: error) }
        }
    }
}
