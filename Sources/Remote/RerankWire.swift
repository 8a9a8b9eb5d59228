import Foundation

/// The bodies the scorer sends and reads, per flavour. Pure: JSON in, scores out, with every
/// mismatch between request and response reported rather than papered over.
enum RerankWire {
    struct JinaRequest: Encodable {
        var model: String?
        var query: String
        var documents: [String]
        var topN: Int
        var returnDocuments: Bool
        var instruction: String?
        enum CodingKeys: String, CodingKey {
            case model, query, documents, instruction
            case topN = "top_n"
            case returnDocuments = "return_documents"
        }
    }

    struct TEIRequest: Encodable {
        var query: String
        var texts: [String]
        var truncate: Bool
        var rawScores: Bool
        var returnText: Bool
        enum CodingKeys: String, CodingKey {
            case query, texts, truncate
            case rawScores = "raw_scores"
            case returnText = "return_text"
        }
    }

    struct JinaResponse: Decodable {
        struct Result: Decodable {
            var index: Int
            var relevanceScore: Double
            enum CodingKeys: String, CodingKey {
                case index
                case relevanceScore = "relevance_score"
            }
        }
        var results: [Result]
    }

    struct TEIResult: Decodable {
        var index: Int
        var score: Double
    }

    /// The JSON body for `documents` under one flavour.
    static func encodeRequest(
        flavour: RerankFlavour, model: String, query: String, documents: [String], instruction: String?
    ) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        switch flavour {
        case .jina:
            return try encoder.encode(JinaRequest(
                model: model.isEmpty ? nil : model, query: query, documents: documents, topN: documents.count,
                returnDocuments: false, instruction: instruction))
        case .tei:
            return try encoder.encode(TEIRequest(
                query: query, texts: documents, truncate: true, rawScores: false, returnText: false))
        }
    }

    /// Scores in document order, or a message saying how the response fails to match.
    static func decodeScores(flavour: RerankFlavour, body: Data, count: Int) -> Result<[Double], WireMismatch> {
        let pairs: [(index: Int, score: Double)]
        do {
            switch flavour {
            case .jina:
                pairs = try JSONDecoder().decode(JinaResponse.self, from: body).results.map { ($0.index, $0.relevanceScore) }
            case .tei:
                pairs = try JSONDecoder().decode([TEIResult].self, from: body).map { ($0.index, $0.score) }
            }
        } catch {
            return .failure(WireMismatch(message: "body is not a \(flavour.rawValue) rerank response (\(describe(error)))"))
        }
        if pairs.count != count {
            return .failure(WireMismatch(message: "\(pairs.count) results for \(count) documents"))
        }
        var scores = [Double?](repeating: nil, count: count)
        for pair in pairs {
            guard pair.index >= 0, pair.index < count else {
                return .failure(WireMismatch(message: "result index \(pair.index) outside 0..<\(count)"))
            }
            guard scores[pair.index] == nil else {
                return .failure(WireMismatch(message: "result index \(pair.index) appears twice"))
            }
            guard pair.score.isFinite else {
                return .failure(WireMismatch(message: "score for index \(pair.index) is not finite"))
            }
            scores[pair.index] = pair.score
        }
        // Count matches and indices are distinct and in range, so every slot is filled.
        return .success(scores.map { $0 ?? .nan })
    }

    private static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [CodingKey]) -> String {
            keys.isEmpty ? "top level" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch decoding {
        case let .keyNotFound(key, ctx): return "missing '\(key.stringValue)' at \(path(ctx.codingPath))"
        case let .typeMismatch(type, ctx): return "expected \(type) at \(path(ctx.codingPath))"
        case let .valueNotFound(type, ctx): return "null where \(type) expected at \(path(ctx.codingPath))"
        case let .dataCorrupted(ctx): return "invalid JSON at \(path(ctx.codingPath))"
        @unknown default: return "\(decoding)"
        }
    }
}

struct WireMismatch: Error {
    var message: String
}
