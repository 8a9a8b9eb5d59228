import Foundation

/// Adapts a synchronous, CPU-heavy reranker (the native Qwen3 engine) to `RerankEngine`.
///
/// Calls run one at a time on a thread of their own, so they block neither the event loops
/// nor the threads that run Swift tasks (on Linux those come from the same small dispatch
/// pool, which a long blocking call would starve); the engine parallelises inside a call.
/// A nil instruction becomes `defaultInstruction`, so the server's scores equal those of
/// `rerank-site score` for the same instruction.
///
///     let reranker = try Qwen3Reranker(folder: folder, options: options)
///     let engine = BlockingEngine(modelName: "Qwen3-Reranker-0.6B",
///                                 defaultInstruction: Qwen3Reranker.defaultInstruction) { i, q, d in
///         try reranker.score(instruction: i, query: q, documents: d).map { EngineScore(score: $0.score, tokens: $0.tokens) }
///     }
public final class BlockingEngine: RerankEngine {
    public typealias ScoreFunction = @Sendable (_ instruction: String, _ query: String, _ documents: [String]) throws -> [EngineScore]
    public typealias TokenEstimate = @Sendable (_ instruction: String, _ query: String, _ document: String) -> Int

    public let modelName: String
    public let defaultInstruction: String
    private let scoreFunction: ScoreFunction
    private let tokenEstimate: TokenEstimate?
    private let worker = WorkerThread(name: "rerank-site engine")

    public init(modelName: String, defaultInstruction: String, estimate: TokenEstimate? = nil, score: @escaping ScoreFunction) {
        self.modelName = modelName
        self.defaultInstruction = defaultInstruction
        self.tokenEstimate = estimate
        self.scoreFunction = score
    }

    deinit { worker.stop() }

    public func score(instruction: String?, query: String, documents: [String]) async throws -> [EngineScore] {
        try await score(batch: [EngineRequest(instruction: instruction, query: query, documents: documents)])[0]
    }

    /// The whole batch in one hop to the engine's thread.
    public func score(batch: [EngineRequest]) async throws -> [[EngineScore]] {
        let function = scoreFunction
        let fallback = defaultInstruction
        return try await withCheckedThrowingContinuation { continuation in
            let accepted = worker.submit {
                do {
                    let results = try batch.map { request in
                        try function(request.instruction ?? fallback, request.query, request.documents)
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
