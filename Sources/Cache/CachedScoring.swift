import RerankCore

/// Scoring through the cache: what the build pipeline calls.
public struct CachedScoring {
    /// Scores every request, asking the scorer only for pairs the cache lacks.
    ///
    /// Every pair is looked up first. A scorer that depends on the collection gets each request
    /// with any missing pair whole; any other scorer gets a reduced request holding only the
    /// missing documents, in their order. A pair repeated within the call (the same key in
    /// several requests, e.g. an instruction-blind scorer under two instructions) is sent once.
    /// All work goes to the scorer in one call; its new scores are stored in one transaction,
    /// and nothing is stored if it throws. Without a cache the scorer gets the requests as given.
    ///
    /// Returns one score per document of each request, in order; `scored` counts the pairs the
    /// scorer computed, `cached` the rest (found in the cache or repeated within the call).
    public static func score(_ requests: [ScoreRequest], with scorer: Scorer, cache: ScoreCache?) async throws
        -> (scores: [[PairScore]], scored: Int, cached: Int) {
        let total = requests.reduce(0) { $0 + $1.documents.count }
        guard let cache else {
            let scores = try await scorer.score(requests)
            try checkShape(scores, of: requests, scorer: scorer, path: "(no cache)")
            return (scores, total, 0)
        }

        let keys = requests.map { request -> [String] in
            let digest = scorer.dependsOnCollection ? collectionDigest(request.documents) : ""
            return request.documents.enumerated().map { position, document in
                cacheKey(scorer: scorer, instruction: request.instruction, query: request.query,
                         document: document, collectionDigest: digest, position: position)
            }
        }
        let hits = try cache.lookup(keys: keys.flatMap { $0 })

        // Plan the work: requests to send and the key of each document sent.
        var work: [ScoreRequest] = []
        var workKeys: [[String]] = []
        var planned = Set<String>()
        for (r, request) in requests.enumerated() {
            let missing = keys[r].indices.filter { hits[keys[r][$0]] == nil && !planned.contains(keys[r][$0]) }
            guard !missing.isEmpty else { continue }
            if scorer.dependsOnCollection {
                work.append(request)
                workKeys.append(keys[r])
                planned.formUnion(keys[r])
            } else {
                var documents: [String] = []
                var sentKeys: [String] = []
                for i in missing where !planned.contains(keys[r][i]) {
                    documents.append(request.documents[i])
                    sentKeys.append(keys[r][i])
                    planned.insert(keys[r][i])
                }
                work.append(ScoreRequest(instruction: request.instruction, query: request.query, documents: documents))
                workKeys.append(sentKeys)
            }
        }

        var fresh: [String: PairScore] = [:]
        var scored = 0
        if !work.isEmpty {
            let results = try await scorer.score(work)
            try checkShape(results, of: work, scorer: scorer, path: cache.path.path)
            var entries: [(key: String, scorer: String, score: PairScore)] = []
            for (w, scores) in results.enumerated() {
                for (key, score) in zip(workKeys[w], scores) {
                    fresh[key] = score
                    entries.append((key: key, scorer: scorer.fingerprint, score: score))
                }
                scored += scores.count
            }
            try cache.store(entries)
        }

        var scores: [[PairScore]] = []
        scores.reserveCapacity(requests.count)
        for requestKeys in keys {
            var row: [PairScore] = []
            row.reserveCapacity(requestKeys.count)
            for key in requestKeys {
                guard let score = fresh[key] ?? hits[key] else {
                    throw CacheError(path: cache.path.path, step: "score with \(scorer.id)",
                                     message: "no score for a pair after scoring (key \(key))")
                }
                row.append(score)
            }
            scores.append(row)
        }
        return (scores, scored, total - scored)
    }

    /// A scorer must return one array per request and one score per document.
    static func checkShape(_ results: [[PairScore]], of requests: [ScoreRequest], scorer: Scorer, path: String) throws {
        guard results.count == requests.count else {
            throw CacheError(path: path, step: "score with \(scorer.id)",
                             message: "the scorer returned \(results.count) results for \(requests.count) requests")
        }
        for (r, request) in requests.enumerated() where results[r].count != request.documents.count {
            throw CacheError(path: path, step: "score with \(scorer.id)",
                             message: "the scorer returned \(results[r].count) scores for \(request.documents.count) documents")
        }
    }
}
