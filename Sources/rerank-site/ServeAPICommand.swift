import APIServer
import ArgumentParser
import Encoders
import Foundation
import Kernels
import Qwen3

/// `rerank-site serve-api`: the rerank API server (vLLM/Jina/Cohere/TEI routes) over the
/// native Qwen3 engine.
struct ServeAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-api",
        abstract: "Serve a reranker or an embedding model over HTTP: POST /v1/rerank, /rerank, /v2/rerank, /v1/score, /v1/embeddings (embedding models); GET /v1/models, /health.",
        discussion: "Qwen3-Reranker, cross-encoders and embedding models (cosine of query and document vectors) serve the rerank routes; embedding models also serve OpenAI's /v1/embeddings. Concurrent requests are batched into the engine. Stops on SIGINT or SIGTERM after finishing the requests in flight.")

    @OptionGroup var model: ModelOption
    @Option(help: "What the model is: qwen3-reranker, embedding or cross-encoder (default: read from the folder's config.json).")
    var kind: ModelKind?
    @Option(name: .long, help: "The model name /v1/models lists and responses carry (default: the folder's name).")
    var servedModelName: String?
    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(name: .long, help: "Port to listen on.")
    var port = 8080
    @Option(name: .long, help: "Estimated prompt tokens per engine batch.")
    var maxBatchTokens = 16_384
    @Option(name: .long, help: "Documents per engine batch.")
    var maxBatchDocuments = 256
    @Option(name: .long, help: "Documents (or score pairs) one request may carry.")
    var maxDocuments = 1_000
    @Option(name: .long, help: "Largest request body, in MiB.")
    var maxBodyMib = 16
    @Option(name: .long, help: "Seconds a client has to send a whole request.")
    var readTimeout: Double = 30
    @Option(name: .long, help: "Open connections at most; more are closed at once.")
    var maxConnections = 256
    @Option(name: .long, help: "Input length limit in tokens; the tail is cut (default: 8192 for Qwen3 models, the model's own for BERT and XLM-RoBERTa models).")
    var maxLength: Int?
    @Option(name: .long, help: "Engine threads (default: all cores).")
    var threads: Int?
    @Option(name: .long, help: "Arithmetic of the linear layers: fp32, bf16, or auto (bf16 where the CPU has AVX512-BF16).")
    var precision: PrecisionSetting = .fp32

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        for (name, value) in [("--max-batch-tokens", maxBatchTokens), ("--max-batch-documents", maxBatchDocuments),
                              ("--max-documents", maxDocuments), ("--max-body-mib", maxBodyMib), ("--max-length", maxLength ?? 1),
                              ("--max-connections", maxConnections)]
            where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
        guard readTimeout > 0, readTimeout.isFinite else { throw ValidationError("--read-timeout must be a positive number of seconds") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        let config = APIServerConfig(
            host: host, port: port, maxBatchTokens: maxBatchTokens, maxBatchDocuments: maxBatchDocuments,
            maxDocuments: maxDocuments, maxBodyBytes: maxBodyMib << 20, readTimeoutSeconds: readTimeout,
            maxConnections: maxConnections)
        let engine = try await ServeAPIEngine.make(model: model.model, name: servedModelName, kind: kind, maxLength: maxLength,
                                                   threads: threads, precision: precision)
        try await APIServer(engine: engine, config: config).run()
    }
}

/// Where serve-api gets its engine: the model as `rerank-site score` resolves it (a folder, a hub
/// id or an alias) and of the kind `score` reads from the folder, loaded into the same native
/// model, so both commands give the same scores.
enum ServeAPIEngine {
    static func make(model: String, name: String?, kind: ModelKind? = nil, maxLength: Int?, threads: Int?,
                     precision: PrecisionSetting = .fp32) async throws -> any RerankEngine {
        let folder = try await resolveModelFolder(model)
        let started = Date()
        let served = name ?? defaultName(model: model, folder: folder)
        func loaded(_ what: String) {
            RequestLog.standardError("loaded \(folder.path) (\(what)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
        if let threads { setBLASThreads(threads) }
        switch try kind ?? ModelKind.detect(folder: folder) {
        case .qwen3Reranker:
            let reranker = try Qwen3Reranker(folder: folder, options: RerankerOptions(maxLength: maxLength ?? 8192, threads: threads,
                                                                                      precision: precision))
            loaded("qwen3-reranker; precision \(reranker.arithmetic.text)")
            return Qwen3Engine(reranker: reranker, modelName: served)
        case .embedding:
            let embedder = try EmbedderLoader.load(folder: folder, maxLength: maxLength, precision: precision)
            loaded("embedding; cosine scores; /v1/embeddings")
            return EmbeddingEngine(embedder: embedder, modelName: served, defaultInstruction: Qwen3Embedder.defaultInstruction)
        case .crossEncoder:
            let model = try BertCrossEncoder(folder: folder, maxLength: maxLength)
            loaded("cross-encoder")
            return CrossEncoderEngine.make(model, modelName: served)
        }
    }

    /// A local folder's name (`Qwen3-Reranker-0.6B`), else the hub id or alias as given: a hub
    /// cache folder is named by a commit hash.
    static func defaultName(model: String, folder: URL) -> String {
        var isDirectory: ObjCBool = false
        let local = FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory) && isDirectory.boolValue
        return local ? folder.standardizedFileURL.lastPathComponent : model
    }
}
