/// Which request and response shape a remote rerank server speaks.
public enum RerankFlavour: String, Codable, Hashable, Sendable, CaseIterable {
    /// `POST /v1/rerank` with `{model, query, documents, top_n, return_documents, instruction?}`,
    /// answered by `{results: [{index, relevance_score}]}`: vLLM, llama.cpp, Jina, Cohere.
    case jina
    /// Hugging Face text-embeddings-inference `POST /rerank` with `{query, texts, truncate}`,
    /// answered by a bare array `[{index, score}]`.
    case tei

    /// The route appended when an endpoint names only a host.
    public var defaultPath: String {
        switch self {
        case .jina: return "/v1/rerank"
        case .tei: return "/rerank"
        }
    }

    /// Whether the request shape has an instruction field (vLLM's `instruction`).
    public var hasInstructionField: Bool { self == .jina }

    /// The flavour a configuration names; servers that share a shape are accepted as aliases.
    public init?(name: String) {
        switch name.lowercased() {
        case "jina", "vllm", "cohere", "llama.cpp", "llamacpp", "llama-server": self = .jina
        case "tei", "text-embeddings-inference": self = .tei
        default: return nil
        }
    }
}

/// A remote rerank server as a scorer, as a site configuration states it.
///
/// Instruction handling, for flavours that have the field (`jina`):
/// - `instruction` set: that text is sent with every request, whatever the case says;
/// - otherwise, with `sendInstruction` true (the default), each request's own instruction is sent;
/// - with `sendInstruction` false nothing is sent and the server's default applies (for APIs
///   that reject unknown fields).
/// The API key is never part of the configuration: only the NAME of the environment variable
/// that holds it.
public struct HTTPScorerConfig: Codable, Hashable, Sendable {
    /// The rerank route (`http://127.0.0.1:8000/v1/rerank`); a bare host gets the flavour's route.
    public var endpoint: String
    /// The model name sent in each request; empty leaves the field out (TEI never sends it;
    /// llama.cpp and vLLM with one model do not need it).
    public var model: String
    /// `jina` (also spelled `vllm`, `cohere`, `llama.cpp`) or `tei`.
    public var flavour: String
    /// A fixed instruction that overrides each request's own.
    public var instruction: String?
    /// Whether each request's instruction is sent when no fixed one is given.
    public var sendInstruction: Bool
    /// Documents per HTTP request; a case with more is split.
    public var documentsPerRequest: Int
    /// HTTP requests in flight at once, over all cases of one `score` call.
    public var maxInFlight: Int
    /// Seconds before one attempt is abandoned.
    public var timeoutSeconds: Double
    /// Name of the environment variable holding the API key, sent as `Authorization: Bearer`.
    public var apiKeyEnv: String?
    /// Further attempts after a connection error, a timeout, a 429 or a 5xx.
    public var retries: Int
    /// First backoff delay in seconds; doubled per attempt, with jitter.
    public var backoffSeconds: Double

    public init(
        endpoint: String, model: String, flavour: String = "jina", instruction: String? = nil,
        sendInstruction: Bool = true, documentsPerRequest: Int = 32, maxInFlight: Int = 4,
        timeoutSeconds: Double = 60, apiKeyEnv: String? = nil, retries: Int = 3, backoffSeconds: Double = 0.5
    ) {
        self.endpoint = endpoint; self.model = model; self.flavour = flavour
        self.instruction = instruction; self.sendInstruction = sendInstruction
        self.documentsPerRequest = documentsPerRequest; self.maxInFlight = maxInFlight
        self.timeoutSeconds = timeoutSeconds; self.apiKeyEnv = apiKeyEnv
        self.retries = retries; self.backoffSeconds = backoffSeconds
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, model, flavour, instruction, retries
        case sendInstruction = "send_instruction"
        case documentsPerRequest = "documents_per_request"
        case maxInFlight = "max_in_flight"
        case timeoutSeconds = "timeout_seconds"
        case apiKeyEnv = "api_key_env"
        case backoffSeconds = "backoff_seconds"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HTTPScorerConfig(endpoint: "", model: "")
        endpoint = try c.decode(String.self, forKey: .endpoint)
        model = try c.decode(String.self, forKey: .model)
        flavour = try c.decodeIfPresent(String.self, forKey: .flavour) ?? defaults.flavour
        instruction = try c.decodeIfPresent(String.self, forKey: .instruction)
        sendInstruction = try c.decodeIfPresent(Bool.self, forKey: .sendInstruction) ?? defaults.sendInstruction
        documentsPerRequest = try c.decodeIfPresent(Int.self, forKey: .documentsPerRequest) ?? defaults.documentsPerRequest
        maxInFlight = try c.decodeIfPresent(Int.self, forKey: .maxInFlight) ?? defaults.maxInFlight
        timeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? defaults.timeoutSeconds
        apiKeyEnv = try c.decodeIfPresent(String.self, forKey: .apiKeyEnv)
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? defaults.retries
        backoffSeconds = try c.decodeIfPresent(Double.self, forKey: .backoffSeconds) ?? defaults.backoffSeconds
    }

    /// The parsed flavour, or nil when `flavour` names none.
    public var flavourKind: RerankFlavour? { RerankFlavour(name: flavour) }

    /// Checks the names and numbers; the scorer's initializer calls it.
    public func validated() throws -> HTTPScorerConfig {
        func bad(_ field: String, _ why: String) -> HTTPScorerError {
            .invalidConfig(field: field, message: why)
        }
        guard let kind = RerankFlavour(name: flavour) else {
            throw bad("flavour", "must be jina (vllm, cohere, llama.cpp) or tei, got '\(flavour)'")
        }
        if documentsPerRequest < 1 { throw bad("documents_per_request", "must be at least 1, got \(documentsPerRequest)") }
        if maxInFlight < 1 { throw bad("max_in_flight", "must be at least 1, got \(maxInFlight)") }
        if !(timeoutSeconds > 0) || !timeoutSeconds.isFinite { throw bad("timeout_seconds", "must be a positive number of seconds") }
        if retries < 0 || retries > 20 { throw bad("retries", "must be between 0 and 20, got \(retries)") }
        if !(backoffSeconds >= 0) || !backoffSeconds.isFinite { throw bad("backoff_seconds", "must be zero or more seconds") }
        if instruction != nil && !kind.hasInstructionField {
            throw bad("instruction", "flavour '\(flavour)' has no instruction field")
        }
        if let name = apiKeyEnv, name.isEmpty { throw bad("api_key_env", "must name an environment variable") }
        return self
    }
}
