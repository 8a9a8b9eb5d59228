import Foundation

/// Adapts a synchronous, CPU-heavy reranker (the native Qwen3 engine) to `RerankEngine`: the one
/// adapter both `serve-api` and the build's `qwen3-reranker` scorer run the engine through.
///
/// Calls run one at a time on a thread of their own, so they block neither the event loops
/// nor the threads that run Swift tasks (on Linux those come from the same small dispatch
/// pool, which a long blocking call would starve); the engine parallelises inside a call.
/// A whole batch goes to the engine in one call, so an engine that scores several requests in
/// shared passes (`Qwen3Reranker.score(batch:)`) gets them together. A nil instruction becomes
/// `defaultInstruction`, so the server's scores equal those of `rerank-site score` for the same
/// instruction.
///
///     let reranker = try Qwen3Reranker(folder: folder, options: options)
///     let engine = BlockingEngine(modelName: "Qwen3-Reranker-0.6B",
///                                 defaultInstruction: Qwen3Reranker.defaultInstruction) { i, q, d in
///         try reranker.score(instruction: i, query: q, documents: d).map { EngineScore(score: $0.score, tokens: $0.tokens) }
///     }
public final class BlockingEngine: RerankEngine {
    public typealias ScoreFunction = @Sendable (_ instruction: String, _ query: String, _ documents: [String]) throws -> [EngineScore]
    /// Scores a whole batch in one call; every request's instruction is already resolved (never nil).
    public typealias BatchScoreFunction = @Sendable (_ batch: [EngineRequest]) throws -> [[EngineScore]]
    public typealias TokenEstimate = @Sendable (_ instruction: String, _ query: String, _ document: String) -> Int

    public let modelName: String
    public let defaultInstruction: String
    private let batchFunction: BatchScoreFunction
    private let tokenEstimate: TokenEstimate?
    private let worker = WorkerThread(name: "rerank-site engine")

    /// Over an engine that scores one request at a time: a batch is its requests in turn.
    public convenience init(modelName: String, defaultInstruction: String, estimate: TokenEstimate? = nil, score: @escaping ScoreFunction) {
        self.init(modelName: modelName, defaultInstruction: defaultInstruction, estimate: estimate, scoreBatch: { batch in
            try batch.map { try score($0.instruction ?? defaultInstruction, $0.query, $0.documents) }
        })
    }

    /// Over an engine that scores a whole batch at once.
    public init(modelName: String, defaultInstruction: String, estimate: TokenEstimate? = nil, scoreBatch: @escaping BatchScoreFunction) {
        self.modelName = modelName
        self.defaultInstruction = defaultInstruction
        self.tokenEstimate = estimate
        self.batchFunction = scoreBatch
    }

    deinit { worker.stop() }

    public func score(instruction: String?, query: String, documents: [String]) async throws -> [EngineScore] {
        try await score(batch: [EngineRequest(instruction: instruction, query: query, documents: documents)])[0]
    }

    /// The whole batch in one hop to the engine's thread, in one call of the engine.
    public func score(batch: [EngineRequest]) async throws -> [[EngineScore]] {
        let function = batchFunction
        let fallback = defaultInstruction
        let resolved = batch.map { EngineRequest(instruction: $0.instruction ?? fallback, query: $0.query, documents: $0.documents) }
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = worker.submit {
                do {
                    let results = try function(resolved)
                    guard results.count == resolved.count,
                          zip(results, resolved).allSatisfy({ $0.count == $1.documents.count }) else {
                        throw APIError.engine(message: "engine returned scores that do not match the batch")
                    }
                    continuation.resume(returning: results)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            if !accepted { continuation.resume(throwing: APIError.engine(message: "the engine has stopped")) }
        }
    }

    public func estimateTokens(instruction: String?, query: String, document: String) -> Int {
        let instruction = instruction ?? defaultInstruction
        if let tokenEstimate { return tokenEstimate(instruction, query, document) }
        return (instruction.utf8.count + query.utf8.count + document.utf8.count) / 4 + 40
    }
}

/// One long-lived thread running submitted jobs in order.
final class WorkerThread: @unchecked Sendable {
    // `jobs` and `stopped` are guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopped = false

    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Queues a job; false once stopped.
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock(); defer { condition.unlock() }
        if stopped { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Lets queued jobs finish, then ends the thread.
    func stop() {
        condition.lock(); defer { condition.unlock() }
        stopped = true
        condition.signal()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty && stopped {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
