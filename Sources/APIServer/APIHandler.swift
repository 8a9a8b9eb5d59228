import Foundation

/// An HTTP answer before it meets the wire.
struct APIResponse: Sendable {
    var status: Int
    var body: Data
    /// Extra headers (Allow on a 405).
    var headers: [(String, String)] = []

    static func json<T: Encodable>(_ value: T, status: Int = 200) -> APIResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return APIResponse(status: status, body: try encoder.encode(value))
        } catch {
            return failure(.engine(message: "response could not be encoded: \(error)"))
        }
    }

    static func failure(_ error: APIError) -> APIResponse {
        var response = APIResponse(status: error.status, body: error.body)
        if case let .methodNotAllowed(_, _, allowed) = error { response.headers = [("Allow", allowed.joined(separator: ", "))] }
        return response
    }
}

/// What the request log shows besides method, route and status.
struct RequestSummary: Sendable {
    var documents = 0
    var tokens = 0
}

/// The routes, independent of sockets: method, path and a fully read body in, an answer out.
final class APIHandler: Sendable {
    private let engine: any RerankEngine
    private let batcher: Batcher
    private let limits: APIServerConfig

    init(engine: any RerankEngine, batcher: Batcher, limits: APIServerConfig) {
        self.engine = engine; self.batcher = batcher; self.limits = limits
    }

    private enum Route { case rerank, score, embeddings, models, health }
    private static let routes: [String: (Route, String)] = [
        "/v1/rerank": (.rerank, "POST"), "/rerank": (.rerank, "POST"), "/v2/rerank": (.rerank, "POST"),
        "/v1/score": (.score, "POST"), "/score": (.score, "POST"),
        "/v1/embeddings": (.embeddings, "POST"), "/embeddings": (.embeddings, "POST"),
        "/v1/models": (.models, "GET"), "/models": (.models, "GET"),
        "/health": (.health, "GET"),
    ]

    /// The path without query string or trailing slash.
    static func routePath(_ uri: String) -> String {
        var path = String(uri.prefix { $0 != "?" && $0 != "#" })
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    func handle(method: String, uri: String, body: Data) async -> (APIResponse, RequestSummary) {
        let path = Self.routePath(uri)
        var summary = RequestSummary()
        guard let (route, allowed) = Self.routes[path] else {
            return (.failure(.routeNotFound(path: String(path.prefix(200)))), summary)
        }
        // HEAD is GET without the body (RFC 9110 §9.3.2); the connection handler drops the body.
        guard method == allowed || (method == "HEAD" && allowed == "GET") else {
            let methods = allowed == "GET" ? ["GET", "HEAD"] : [allowed]
            return (.failure(.methodNotAllowed(method: String(method.prefix(20)), path: path, allowed: methods)), summary)
        }
        do {
            switch route {
            case .health:
                return (.json(Health(model: engine.modelName)), summary)
            case .models:
                return (.json(ModelList(data: [ModelCard(id: engine.modelName)])), summary)
            case .rerank:
                return (try await rerank(body, summary: &summary), summary)
            case .score:
                return (try await score(body, summary: &summary), summary)
            case .embeddings:
                return (try await embeddings(body, summary: &summary), summary)
            }
        } catch let error as APIError {
            return (.failure(error), summary)
        } catch is CancellationError {
            return (.failure(.clientClosedRequest), summary)
        } catch {
            return (.failure(.engine(message: "\(error)")), summary)
        }
    }

    // MARK: routes

    private func rerank(_ body: Data, summary: inout RequestSummary) async throws -> APIResponse {
        let request = try RequestDecoding.decode(RerankBody.self, from: body)
        try checkModel(request.model)
        let teiShape = request.documents == nil && request.texts != nil
        guard let documents = request.documents?.map(\.text) ?? request.texts else {
            throw APIError.invalidField(field: "documents", message: "is required (an array of strings)")
        }
        summary.documents = documents.count
        if documents.count > limits.maxDocuments {
            throw APIError.tooManyDocuments(count: documents.count, limit: limits.maxDocuments)
        }
        if let topN = request.topN, topN < 0 {
            throw APIError.invalidField(field: "top_n", message: "must be zero (all) or more, got \(topN)")
        }
        let scores = try await scoreChecked(instruction: request.instruction, query: request.query, documents: documents)
        let tokens = scores.reduce(0) { $0 + $1.tokens }
        summary.tokens = tokens
        let order = Self.ranking(scores.map(\.score))
        let kept = order.prefix(request.topN.flatMap { $0 > 0 ? $0 : nil } ?? order.count)
        if teiShape {
            let withText = request.returnText ?? false
            return .json(kept.map { TEIResult(index: $0, score: scores[$0].score, text: withText ? documents[$0] : nil) })
        }
        let withDocuments = request.returnDocuments ?? false
        let results = kept.map {
            RerankResult(index: $0, relevanceScore: scores[$0].score,
                         document: withDocuments ? DocumentText(text: documents[$0]) : nil)
        }
        return .json(RerankResponse(id: Self.makeID("rerank"), model: engine.modelName,
                                    usage: Usage(promptTokens: tokens, totalTokens: tokens), results: results))
    }

    private func score(_ body: Data, summary: inout RequestSummary) async throws -> APIResponse {
        let request = try RequestDecoding.decode(ScoreBody.self, from: body)
        try checkModel(request.model)
        let pairs = try Self.pairs(request.text1, request.text2)
        summary.documents = pairs.count
        if pairs.count > limits.maxDocuments {
            throw APIError.tooManyDocuments(count: pairs.count, limit: limits.maxDocuments)
        }
        // One engine request per distinct query, all queued at once so they can share a batch.
        var groups: [String: [Int]] = [:]
        var queries: [String] = []
        for (index, pair) in pairs.enumerated() {
            if groups[pair.query] == nil { queries.append(pair.query) }
            groups[pair.query, default: []].append(index)
        }
        var scores = [EngineScore](repeating: EngineScore(score: 0, tokens: 0), count: pairs.count)
        try await withThrowingTaskGroup(of: ([Int], [EngineScore]).self) { group in
            for query in queries {
                let members = groups[query] ?? []
                let documents = members.map { pairs[$0].document }
                group.addTask {
                    (members, try await self.scoreChecked(instruction: request.instruction, query: query, documents: documents))
                }
            }
            for try await (members, groupScores) in group {
                for (member, score) in zip(members, groupScores) { scores[member] = score }
            }
        }
        let tokens = scores.reduce(0) { $0 + $1.tokens }
        summary.tokens = tokens
        return .json(ScoreResponse(
            id: Self.makeID("score"), created: Int(Date().timeIntervalSince1970), model: engine.modelName,
            data: scores.enumerated().map { ScoreData(index: $0.offset, score: $0.element.score) },
            usage: Usage(promptTokens: tokens, totalTokens: tokens)))
    }

    /// OpenAI's `/v1/embeddings`: the vectors of the inputs as written, in order (a query's
    /// instruction, if the model wants one, is the client's to write into the text).
    private func embeddings(_ body: Data, summary: inout RequestSummary) async throws -> APIResponse {
        let request = try RequestDecoding.decode(EmbeddingsBody.self, from: body)
        try checkModel(request.model)
        guard engine.makesEmbeddings else {
            throw APIError.invalidField(field: "model", message: "'\(engine.modelName)' is a reranker; /v1/embeddings needs an embedding model")
        }
        if let format = request.encodingFormat, format != "float" {
            throw APIError.invalidField(field: "encoding_format", message: "only \"float\" is supported, got '\(format.prefix(40))'")
        }
        if request.dimensions != nil {
            throw APIError.invalidField(field: "dimensions", message: "is not supported: vectors have the model's full width")
        }
        let texts: [String]
        switch request.input {
        case let .one(text): texts = [text]
        case let .many(list): texts = list
        }
        summary.documents = texts.count
        if texts.isEmpty { throw APIError.invalidField(field: "input", message: "must hold at least one text") }
        if texts.count > limits.maxDocuments { throw APIError.tooManyDocuments(count: texts.count, limit: limits.maxDocuments) }
        let vectors = try await engine.embed(texts)
        guard vectors.count == texts.count else {
            throw APIError.engine(message: "engine returned \(vectors.count) vectors for \(texts.count) inputs")
        }
        if let bad = vectors.firstIndex(where: { $0.vector.contains { !$0.isFinite } }) {
            throw APIError.engine(message: "engine gave a non-finite vector for input \(bad)")
        }
        let tokens = vectors.reduce(0) { $0 + $1.tokens }
        summary.tokens = tokens
        return .json(EmbeddingsResponse(data: vectors.enumerated().map { EmbeddingData(index: $0.offset, embedding: $0.element.vector) },
                                        model: engine.modelName, usage: Usage(promptTokens: tokens, totalTokens: tokens)))
    }

    // MARK: pieces

    private func scoreChecked(instruction: String?, query: String, documents: [String]) async throws -> [EngineScore] {
        let tokens = documents.reduce(0) { $0 + engine.estimateTokens(instruction: instruction, query: query, document: $1) }
        let scores = try await batcher.submit(EngineRequest(instruction: instruction, query: query, documents: documents),
                                              estimatedTokens: tokens)
        if let bad = scores.firstIndex(where: { !$0.score.isFinite }) {
            throw APIError.engine(message: "engine gave a non-finite score for document \(bad)")
        }
        return scores
    }

    /// A model name in a request must be the served one; the organisation prefix
    /// (`Qwen/`) and letter case may differ.
    private func checkModel(_ requested: String?) throws {
        guard let requested, !requested.isEmpty else { return }
        func short(_ name: String) -> String { (name.split(separator: "/").last.map(String.init) ?? name).lowercased() }
        if requested != engine.modelName && short(requested) != short(engine.modelName) {
            throw APIError.modelNotFound(requested: String(requested.prefix(200)), served: engine.modelName)
        }
    }

    /// Document indices by descending score; ties keep input order.
    static func ranking(_ scores: [Double]) -> [Int] {
        scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
    }

    /// vLLM's pairing: one with one, one with many (either side), or two lists of equal length.
    static func pairs(_ first: TextOrList, _ second: TextOrList) throws -> [(query: String, document: String)] {
        switch (first, second) {
        case let (.one(query), .one(document)):
            return [(query, document)]
        case let (.one(query), .many(documents)):
            return documents.map { (query, $0) }
        case let (.many(queries), .one(document)):
            return queries.map { ($0, document) }
        case let (.many(queries), .many(documents)):
            if queries.count == 1 { return documents.map { (queries[0], $0) } }
            guard queries.count == documents.count else {
                throw APIError.invalidField(field: "text_2", message: "has \(documents.count) texts but text_1 has \(queries.count); give one text_1 or equal counts")
            }
            return Array(zip(queries, documents))
        }
    }

    static func makeID(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
