import Foundation

/// Okapi BM25 over the request's own documents as the collection.
///
/// For a query with terms q₁…qₘ (repeats count once per occurrence, so `cat cat dog` weighs `cat`
/// twice) and a document D of |D| terms in a collection of N documents with mean length avgdl:
///
///     score(D) = Σᵢ idf(qᵢ) · tf(qᵢ, D) · (k1 + 1) / (tf(qᵢ, D) + k1 · (1 − b + b · |D| / avgdl))
///     idf(t)   = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))        (Lucene's BM25Similarity; never negative)
///
/// with n(t) the number of documents containing t. Unlike Lucene, |D| is exact (Lucene stores it
/// lossily in one byte) and the (k1 + 1) factor is kept (Lucene 8+ drops it; it scales every score
/// alike and so never changes a ranking). Terms come from `tokenizeTerms`. The instruction is ignored.
public struct BM25Scorer: Scorer {
    public let id: String
    public let k1: Double
    public let b: Double
    public var kind: String { "bm25" }
    public var fingerprint: String { "bm25:k1=\(k1),b=\(b),terms=\(termsVersion)" }
    public var dependsOnCollection: Bool { true }
    public var usesInstruction: Bool { false }

    public init(id: String = "bm25", k1: Double = 1.2, b: Double = 0.75) {
        self.id = id; self.k1 = k1; self.b = b
    }

    public var card: ScorerCard {
        ScorerCard(id: id, kind: kind, name: "BM25", backend: "baseline", isBaseline: true, readsInstruction: false,
                   settings: "k1 \(k1), b \(b), over each case's candidates")
    }

    public func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        requests.map { request in
            bm25Scores(query: request.query, documents: request.documents, k1: k1, b: b)
                .map { PairScore(score: $0) }
        }
    }
}

/// BM25 score of each document for the query, the documents being the whole collection.
public func bm25Scores(query: String, documents: [String], k1: Double = 1.2, b: Double = 0.75) -> [Double] {
    let queryTerms = tokenizeTerms(query)
    // Term frequencies per document, and the document frequency of each term.
    var termFrequencies: [[String: Int]] = []
    termFrequencies.reserveCapacity(documents.count)
    var lengths: [Int] = []
    lengths.reserveCapacity(documents.count)
    var documentFrequency: [String: Int] = [:]
    for document in documents {
        var tf: [String: Int] = [:]
        let terms = tokenizeTerms(document)
        for term in terms { tf[term, default: 0] += 1 }
        for term in tf.keys { documentFrequency[term, default: 0] += 1 }
        termFrequencies.append(tf)
        lengths.append(terms.count)
    }
    let n = Double(documents.count)
    let averageLength = documents.isEmpty ? 0 : Double(lengths.reduce(0, +)) / n
    // Sum in query-term order, so the floating-point result is the same on every run.
    return documents.indices.map { d in
        let lengthRatio = averageLength > 0 ? Double(lengths[d]) / averageLength : 0
        let norm = k1 * (1 - b + b * lengthRatio)
        var score = 0.0
        for term in queryTerms {
            guard let tf = termFrequencies[d][term] else { continue }
            let df = Double(documentFrequency[term] ?? 0)
            let idf = log(1 + (n - df + 0.5) / (df + 0.5))
            let f = Double(tf)
            score += idf * f * (k1 + 1) / (f + norm)
        }
        return score
    }
}
