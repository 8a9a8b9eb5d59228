import Foundation
import Checksum
import Hub
import RerankCore

/// A remote rerank server (vLLM, llama.cpp, TEI, Jina, Cohere) used as a scorer.
///
/// Each request's documents go out in chunks of `documentsPerRequest`, at most `maxInFlight`
/// chunks at once over the whole call; scores come back by `index`, and a response that does
/// not account for exactly the documents sent is an error.
public final class HTTPScorer: Scorer {
    public let id: String
    public var kind: String { "http" }
    public let config: HTTPScorerConfig
    public let flavour: RerankFlavour
    public let fingerprint: String
    public var dependsOnCollection: Bool { false }
    public let usesInstruction: Bool
    /// What the server said it serves, when it said (for the card).
    public let served: ServedModel?

    /// The route requests go to (the query string included), and what of it may be shown.
    let address: EndpointAddress
    var url: URL { address.requestURL }
    /// Scheme, host, port and path: never the query string or credentials (see `EndpointAddress`).
    var displayURL: String { address.shown }
    private let apiKey: String?
    private let transport: HTTPTransport
    private let policy: RetryPolicy

    /// Reads the API key from `environment[config.apiKeyEnv]` when a variable is named.
    public convenience init(id: String, config: HTTPScorerConfig, environment: [String: String]) throws {
        let checked = try config.validated()
        try self.init(id: id, config: checked, environment: environment,
                      transport: URLSessionTransport(timeout: checked.timeoutSeconds, maxConnections: checked.maxInFlight))
    }

    /// Asks the server which model it serves (`ServerIdentity`) and joins the answer to the
    /// fingerprint; a server that does not say is used as it is.
    public static func connect(id: String, config: HTTPScorerConfig, environment: [String: String]) async throws -> HTTPScorer {
        let checked = try config.validated()
        let transport = URLSessionTransport(timeout: checked.timeoutSeconds, maxConnections: checked.maxInFlight)
        return try await connect(id: id, config: checked, environment: environment, transport: transport)
    }

    static func connect(id: String, config: HTTPScorerConfig, environment: [String: String],
                        transport: HTTPTransport) async throws -> HTTPScorer {
        let plain = try HTTPScorer(id: id, config: config, environment: environment, transport: transport)
        var headers = ["Accept": "application/json"]
        if let authorization = plain.authorization { headers["Authorization"] = authorization }
        guard let server = await ServerIdentity.probe(endpoint: plain.url, headers: headers, transport: transport,
                                                      timeout: min(plain.config.timeoutSeconds, 10),
                                                      requested: config.model) else { return plain }
        return try HTTPScorer(id: id, config: config, environment: environment, transport: transport, server: server)
    }

    init(id: String, config: HTTPScorerConfig, environment: [String: String], transport: HTTPTransport,
         server: ServerIdentity.Answer? = nil) throws {
        let config = try config.validated()
        guard let flavour = config.flavourKind else {
            throw HTTPScorerError.invalidConfig(field: "flavour", message: "unknown flavour '\(config.flavour)'")
        }
        let address = try EndpointAddress(config.endpoint, defaultPath: flavour.defaultPath)
        if config.apiKeyEnv != nil && address.basicAuthorization != nil {
            throw HTTPScorerError.invalidConfig(field: "endpoint",
                                                message: "carries a user name and `api_key_env` names a key as well: give one of them")
        }
        if let name = config.apiKeyEnv {
            guard let key = environment[name], !key.isEmpty else { throw HTTPScorerError.missingAPIKey(variable: name) }
            apiKey = key
        } else {
            apiKey = nil
        }
        self.id = id
        self.config = config
        self.flavour = flavour
        self.address = address
        self.transport = transport
        self.policy = RetryPolicy(retries: config.retries, baseSeconds: config.backoffSeconds)
        let mode: String
        if !flavour.hasInstructionField {
            mode = "none"
        } else if let fixed = config.instruction {
            mode = "fixed:" + SHA256.hex(fixed)
        } else {
            mode = config.sendInstruction ? "request" : "none"
        }
        usesInstruction = mode == "request"
        // The query string only as its digest, userinfo never: the fingerprint is published.
        fingerprint = "http/1 endpoint=\(address.fingerprintText) model=\(config.model) flavour=\(flavour.rawValue) instruction=\(mode)"
            + (server.map { " server=" + $0.digest } ?? "")
        served = server?.served
    }

    /// Named for people: the `model:` asked for, else the model the server says it serves, else
    /// the host; the server's own facts where it reports them; the host and port only.
    public var card: ScorerCard {
        let asked = config.model.isEmpty ? nil : config.model
        let model = asked ?? served?.id
        var card = ScorerCard(id: id, kind: kind, name: model ?? address.host,
                              backend: "http server, \(flavour.rawValue) request shape", model: model,
                              parameters: served?.parameters, bytes: served?.bytes, revision: served?.revision,
                              precision: served?.dtype, maxLength: served?.maxInputLength,
                              readsInstruction: usesInstruction, instruction: config.instruction, endpointHost: address.host)
        card.servedModel = served?.id
        card.queryFormat = instructionHandling
        return card
    }

    /// How the instruction reaches the server, in words.
    var instructionHandling: String {
        guard flavour.hasInstructionField else {
            return "the \(flavour.rawValue) request shape has no instruction field: the server's own prompt applies"
        }
        if config.instruction != nil { return "the fixed instruction is sent in each request's instruction field" }
        return config.sendInstruction ? "each case's instruction is sent in the request's instruction field"
            : "no instruction is sent: the server's default applies"
    }

    /// Texts a server might echo that must not reach a message: the key, the address's userinfo
    /// and its query values.
    var secrets: [String] { (apiKey.map { [$0] } ?? []) + address.secrets }

    /// What goes in the Authorization header: the key `api_key_env` names, or the address's userinfo.
    var authorization: String? {
        apiKey.map { "Bearer " + $0 } ?? address.basicAuthorization
    }

    /// The instruction sent with a request, or nil when the field is left out.
    func instructionToSend(for request: ScoreRequest) -> String? {
        guard flavour.hasInstructionField else { return nil }
        if let fixed = config.instruction { return fixed }
        return config.sendInstruction ? request.instruction : nil
    }

    public func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        struct Chunk: Sendable { var request: Int; var start: Int; var documents: [String]; var query: String; var instruction: String? }
        var chunks: [Chunk] = []
        for (r, request) in requests.enumerated() {
            let instruction = instructionToSend(for: request)
            for start in stride(from: 0, to: request.documents.count, by: config.documentsPerRequest) {
                let end = min(start + config.documentsPerRequest, request.documents.count)
                chunks.append(Chunk(request: r, start: start, documents: Array(request.documents[start..<end]),
                                    query: request.query, instruction: instruction))
            }
        }
        var results = requests.map { [PairScore](repeating: PairScore(score: 0), count: $0.documents.count) }
        try await withThrowingTaskGroup(of: (Int, [PairScore]).self) { group in
            var next = 0
            func launch() {
                let index = next
                let chunk = chunks[index]
                next += 1
                group.addTask {
                    let scores = try await self.scoreChunk(query: chunk.query, documents: chunk.documents, instruction: chunk.instruction)
                    return (index, scores)
                }
            }
            while next < chunks.count && next < config.maxInFlight { launch() }
            while let (index, scores) = try await group.next() {
                let chunk = chunks[index]
                results[chunk.request].replaceSubrange(chunk.start..<(chunk.start + scores.count), with: scores)
                if next < chunks.count { launch() }
            }
        }
        return results
    }

    /// One HTTP request for up to `documentsPerRequest` documents, retried as the policy says.
    func scoreChunk(query: String, documents: [String], instruction: String?) async throws -> [PairScore] {
        let body = try RerankWire.encodeRequest(flavour: flavour, model: config.model, query: query,
                                                documents: documents, instruction: instruction)
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let authorization { headers["Authorization"] = authorization }
        let started = Date()
        var attempt = 0
        while true {
            try Task.checkCancellation()
            let reply: HTTPReply
            do {
                reply = try await transport.post(url: url, headers: headers, body: body, timeout: config.timeoutSeconds)
            } catch {
                try Task.checkCancellation()
                guard let wait = policy.delay(afterAttempt: attempt, retryAfter: nil) else {
                    throw HTTPScorerError.transport(url: displayURL, message: describeTransport(error), attempts: attempt + 1)
                }
                try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                attempt += 1
                continue
            }
            if (200..<300).contains(reply.status) {
                switch RerankWire.decodeScores(flavour: flavour, body: reply.body, count: documents.count) {
                case let .success(scores):
                    let each = Date().timeIntervalSince(started) / Double(max(1, documents.count))
                    return scores.map { PairScore(score: $0, seconds: each) }
                case let .failure(mismatch):
                    throw HTTPScorerError.badResponse(url: displayURL, message: mismatch.message,
                                                      body: excerpt(String(decoding: reply.body, as: UTF8.self), hiding: secrets))
                }
            }
            let retryAfter = RetryPolicy.parseRetryAfter(reply.headers["retry-after"])
            if RetryPolicy.isRetryable(status: reply.status),
               let wait = policy.delay(afterAttempt: attempt, retryAfter: retryAfter) {
                try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                attempt += 1
                continue
            }
            throw HTTPScorerError.httpStatus(url: displayURL, status: reply.status,
                                             body: excerpt(Self.serverMessage(reply.body), hiding: secrets), attempts: attempt + 1)
        }
    }

    /// A transport failure in plain words, with anything of the address's secrets blanked.
    private func describeTransport(_ error: Error) -> String {
        excerpt(plainWords(error), hiding: secrets)
    }

    /// The message inside a JSON error body (`{"error":{"message"}}`, `{"error":"..."}`,
    /// `{"message"}`, `{"detail"}`), else the body itself.
    static func serverMessage(_ body: Data) -> String {
        let raw = String(decoding: body, as: UTF8.self)
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return raw }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
        for key in ["error", "message", "detail"] {
            if let message = object[key] as? String { return message }
        }
        return raw
    }
}
