import Foundation

/// The pairs a bench scores: queries, each with an instruction and its candidate documents.
/// Written as JSON by `rerank-site bench --dump-workload` so other engines can score the same text.
public struct Workload: Codable, Sendable, Equatable {
    public struct Query: Codable, Sendable, Equatable {
        public var instruction: String
        public var query: String
        public var documents: [String]
        public init(instruction: String, query: String, documents: [String]) {
            self.instruction = instruction; self.query = query; self.documents = documents
        }
    }
    public var queries: [Query]

    public init(queries: [Query]) { self.queries = queries }

    public var pairCount: Int { queries.reduce(0) { $0 + $1.documents.count } }

    /// Pretty-printed JSON with sorted keys and unescaped text: the same bytes for the same workload.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func load(from url: URL) throws -> Workload {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BenchError(file: url.path, step: "workload", "cannot read")
        }
        do { return try JSONDecoder().decode(Workload.self, from: data) } catch {
            throw BenchError(file: url.path, step: "workload", "not a workload: \(error)")
        }
    }
}

/// How document lengths are drawn from their range.
public enum LengthDistribution: String, Sendable, CaseIterable {
    /// Every length equally likely: over 20–300 tokens the mean is 160.
    case uniform
    /// Equally likely per octave (density ∝ 1/length): mostly short documents and a long tail, as in
    /// passage collections; over 20–300 tokens the mean is about 103.
    case logUniform = "log-uniform"
}

/// How big a generated workload is. Token lengths are of the text alone (before the template).
public struct WorkloadSpec: Sendable, Equatable {
    public var queries: Int
    public var candidates: Int
    public var queryTokens: ClosedRange<Int>
    public var instructionTokens: ClosedRange<Int>
    public var documentTokens: ClosedRange<Int>
    public var documentLengths: LengthDistribution
    public var seed: UInt64

    public init(queries: Int, candidates: Int, queryTokens: ClosedRange<Int>, instructionTokens: ClosedRange<Int>,
                documentTokens: ClosedRange<Int>, documentLengths: LengthDistribution = .uniform, seed: UInt64) {
        self.queries = queries; self.candidates = candidates; self.queryTokens = queryTokens
        self.instructionTokens = instructionTokens; self.documentTokens = documentTokens
        self.documentLengths = documentLengths; self.seed = seed
    }

    /// The workload: 16 queries × 20 candidates; queries and instructions of 10–40 tokens,
    /// documents of 20–300 tokens.
    public static let standard = WorkloadSpec(queries: 16, candidates: 20, queryTokens: 10...40,
                                              instructionTokens: 10...40, documentTokens: 20...300, seed: 7)

    /// One line for reports: "16 × 20, documents of 20–300 tokens (uniform)".
    public var summary: String {
        "\(queries) × \(candidates), documents of \(documentTokens.lowerBound)–\(documentTokens.upperBound) tokens (\(documentLengths.rawValue))"
    }
}

/// Builds a workload of deterministic mixed Chinese and English text. `countTokens` is the
/// tokenizer's length of a text; lengths land in the spec's ranges (the text is grown word by
/// word on estimated counts, then cut back until the real count fits).
public func makeWorkload(_ spec: WorkloadSpec, countTokens: @escaping (String) -> Int) -> Workload {
    var rng = SplitMix(seed: spec.seed)
    let text = TextMaker(countTokens: countTokens)
    var queries: [Workload.Query] = []
    for _ in 0..<spec.queries {
        let instruction = text.instruction(tokens: rng.int(in: spec.instructionTokens), rng: &rng)
        let query = text.passage(tokens: rng.int(in: spec.queryTokens), style: .query, rng: &rng)
        let documents = (0..<spec.candidates).map { _ in
            let length = spec.documentLengths == .uniform ? rng.int(in: spec.documentTokens)
                                                          : rng.logUniformInt(in: spec.documentTokens)
            return text.passage(tokens: length, style: .document, rng: &rng)
        }
        queries.append(Workload.Query(instruction: instruction, query: query, documents: documents))
    }
    return Workload(queries: queries)
}

/// splitmix64 as a sequential generator.
struct SplitMix {
    let seed: UInt64
    private var count: UInt64 = 0
    init(seed: UInt64) { self.seed = seed }
    mutating func next() -> UInt64 {
        count &+= 1
        return splitmix64(seed, count)
    }
    /// Uniform in the range (modulo bias is irrelevant at these sizes).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    /// In the range with log(value) uniform: as many values per octave at the short end as at the long.
    mutating func logUniformInt(in range: ClosedRange<Int>) -> Int {
        let u = Double(next() >> 11) / Double(1 << 53)
        let low = log(Double(max(range.lowerBound, 1))), high = log(Double(range.upperBound + 1))
        return min(max(Int(exp(low + u * (high - low))), range.lowerBound), range.upperBound)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}
