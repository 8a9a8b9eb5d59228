/// The first-stage (input) order as a scorer: the document at 0-based position i of n scores
/// 1 − i/n, so scores fall strictly with position, lie in (0, 1], and ranking by them reproduces
/// the input order exactly. Depends on the collection (its size and order); ignores the query
/// and the instruction.
public struct OriginalOrderScorer: Scorer {
    public let id: String
    public var kind: String { "original" }
    public var fingerprint: String { "original:1-i/n" }
    public var dependsOnCollection: Bool { true }
    public var usesInstruction: Bool { false }

    public init(id: String = "original") { self.id = id }

    public var card: ScorerCard {
        ScorerCard(id: id, kind: kind, name: "first-stage order", backend: "baseline", isBaseline: true, readsInstruction: false,
                   settings: "score 1 − i/n at position i of n")
    }

    public func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        requests.map { request in
            let n = Double(request.documents.count)
            return request.documents.indices.map { PairScore(score: 1 - Double($0) / n) }
        }
    }
}
