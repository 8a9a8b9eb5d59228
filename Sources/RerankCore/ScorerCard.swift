/// A scorer described for people: the facts a model card shows. A scorer fills in what it knows;
/// the rest stays nil and is not shown. Hashes stay in the fingerprint (the reproduction block).
public struct ScorerCard: Hashable, Sendable, Codable {
    /// The configured id (`qwen3-0.6b`).
    public var id: String
    public var kind: String
    /// The name a reader recognises: a hub id (`Qwen/Qwen3-Reranker-0.6B`), a model folder's name,
    /// or the method (`BM25`).
    public var name: String
    /// How the scores are computed: `native engine (Swift, CPU)`, `http, jina request shape`, `baseline`.
    public var backend: String
    /// A method rather than a model (the input order, BM25): its scores are what they are, so the
    /// degenerate-score checks pass it by (BM25 gives every candidate 0 where no query term occurs).
    public var isBaseline: Bool
    /// The model a remote server was asked for or a native engine loaded, as a hub id or folder
    /// name; scorers naming the same model (case-insensitively) are compared for parity.
    public var model: String?
    /// Parameters counted in the stored tensors.
    public var parameters: Int?
    /// Bytes of the weight files.
    public var bytes: Int?
    /// The hub snapshot (commit) the weights came from.
    public var revision: String?
    /// Element types of the stored weights (`BF16`, `F32`), as the files give them.
    public var storedDType: String?
    /// The precision the scorer computed in (`fp32`).
    public var precision: String?
    public var maxLength: Int?
    public var promptVersion: String?
    /// Whether the instruction is part of the scorer's input.
    public var readsInstruction: Bool
    /// An instruction used for every case instead of the cases' own; nil when the cases' are used.
    public var instruction: String?
    /// The remote server's host and port, never credentials, path or query.
    public var endpointHost: String?
    /// The model a remote server says it serves (TEI's `/info` `model_id`, the `/v1/models` id),
    /// when it says.
    public var servedModel: String?
    /// The network in words (`BERT encoder, 6 layers, 384 wide, 12 heads`).
    public var architecture: String?
    /// The tokenizer's algorithm and casing (`WordPiece, lowercased`).
    public var tokenizer: String?
    /// Entries in the tokenizer's vocabulary.
    public var vocabulary: Int?
    /// How the model's output becomes a score, in words (`cosine of mean-pooled, L2-normalised
    /// embeddings`).
    public var scoring: String?
    /// How the query and the instruction are written into the model's input, in words; nil for
    /// scorers where "the instruction it used" says it all.
    public var queryFormat: String?
    /// The file scores were read from (`kind: run`); its hash is in the fingerprint.
    public var sourceFile: String?
    /// Settings that change scores besides the model (`k1 1.2, b 0.75`).
    public var settings: String?
    /// The UTC day (YYYY-MM-DD) of the newest cached score under this scorer's fingerprint: the
    /// day its scores were computed, the same on every rebuild from the same cache.
    public var scoredOn: String?

    public init(id: String, kind: String, name: String, backend: String, isBaseline: Bool = false, model: String? = nil,
                parameters: Int? = nil, bytes: Int? = nil, revision: String? = nil, storedDType: String? = nil,
                precision: String? = nil, maxLength: Int? = nil, promptVersion: String? = nil,
                readsInstruction: Bool, instruction: String? = nil, endpointHost: String? = nil,
                settings: String? = nil, scoredOn: String? = nil) {
        self.id = id; self.kind = kind; self.name = name; self.backend = backend; self.isBaseline = isBaseline; self.model = model
        self.parameters = parameters; self.bytes = bytes; self.revision = revision; self.storedDType = storedDType
        self.precision = precision; self.maxLength = maxLength; self.promptVersion = promptVersion
        self.readsInstruction = readsInstruction; self.instruction = instruction; self.endpointHost = endpointHost
        self.settings = settings; self.scoredOn = scoredOn
    }
}

extension Scorer {
    /// A card with what every scorer knows; scorers override `card` to say more.
    public var basicCard: ScorerCard {
        ScorerCard(id: id, kind: kind, name: kind, backend: kind, readsInstruction: usesInstruction)
    }
}
