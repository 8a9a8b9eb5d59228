import RerankCore

/// What `kind: run` does with a pair its file lacks.
enum MissingScores: String, Equatable, CaseIterable {
    /// The build fails, listing every missing pair.
    case error
    /// The pair ranks after every scored candidate (below the lowest score of its ranking); a warning
    /// counts them.
    case last
}

/// `kind: run`: scores read from a file computed elsewhere (a TREC run or JSONL), not computed.
///
/// The table is resolved against the build's cases when the scorer is made, so every unknown case
/// or candidate, duplicate and missing pair is reported then, all at once. A score line without
/// `instruction` holds for every instruction; a rewrite the file gives no scores for is ranked as
/// the original query (a TREC run holds only the original query). Requests are matched to cases by
/// query and candidate texts, and two such identical cases must get identical scores.
struct RunScorer: Scorer {
    let id: String
    let kind = "run"
    /// SHA-256 of the file's bytes.
    let fingerprint: String
    /// Free text for the model card (`model:`), may be empty.
    let model: String
    /// The run file as `file:` names it.
    let file: String
    let dependsOnCollection = true
    let usesInstruction: Bool
    /// Scores per (instruction or nil, query, candidate texts).
    private let table: [Key: [Double]]
    /// Problems worth a warning (pairs ranked last under `missing: last`).
    let warnings: [String]

    struct Key: Hashable { var instruction: String?; var query: String; var documents: [String] }

    init(id: String, file: String, contentHash: String, model: String, entries: [RunEntry], cases: [CaseFile],
         missing: MissingScores) throws {
        self.id = id
        self.fingerprint = "run:sha256:\(contentHash)"
        self.model = model
        self.file = file
        var problems: [String] = []
        var warnings: [String] = []

        // Case names: TREC query id, slug or path.
        var caseIndex: [String: Int] = [:]
        for (i, c) in cases.enumerated() {
            for name in [trecQueryID(slug: c.slug), c.slug, c.path] where caseIndex[name] == nil { caseIndex[name] = i }
        }
        // (case, instruction, query variant) → candidate → (score, line)
        struct Group: Hashable { var caseIndex: Int; var instruction: String?; var variant: Int }
        var groups: [Group: [Int: (score: Double, line: Int)]] = [:]
        for e in entries {
            guard let c = caseIndex[e.caseName] else {
                problems.append("\(file):\(e.line): unknown case '\(e.caseName)' (not among the \(cases.count) cases of this build)")
                continue
            }
            let file_ = cases[c]
            guard let candidate = Self.candidateIndex(e.candidate, in: file_) else {
                problems.append("\(file):\(e.line): case '\(e.caseName)' has no candidate '\(e.candidate)' (c0 to c\(file_.candidates.count - 1))")
                continue
            }
            var variant = 0
            if let q = e.query {
                guard let v = ([file_.query] + file_.rewrites).firstIndex(of: q) else {
                    problems.append("\(file):\(e.line): case '\(e.caseName)' has no query or rewrite \"\(q)\"")
                    continue
                }
                variant = v
            }
            let group = Group(caseIndex: c, instruction: e.instruction, variant: variant)
            if let first = groups[group]?[candidate] {
                problems.append("\(file):\(e.line): duplicate score for case '\(e.caseName)' candidate '\(e.candidate)' (first at line \(first.line))")
                continue
            }
            groups[group, default: [:]][candidate] = (e.score, e.line)
        }

        // Every group the file names must be whole, and every case needs its original query's scores.
        var required = Set(groups.keys)
        for c in cases.indices where !groups.keys.contains(where: { $0.caseIndex == c && $0.variant == 0 }) {
            required.insert(Group(caseIndex: c, instruction: nil, variant: 0))
        }
        var table: [Key: [Double]] = [:]
        var missingPairs: [String] = []
        let sortedGroups = required.sorted { ($0.caseIndex, $0.variant, $0.instruction ?? "") < ($1.caseIndex, $1.variant, $1.instruction ?? "") }
        for group in sortedGroups {
            let c = cases[group.caseIndex]
            let given = groups[group] ?? [:]
            var scores = [Double](repeating: 0, count: c.candidates.count)
            let lowest = given.values.map(\.score).min() ?? 0
            for candidate in c.candidates.indices {
                if let s = given[candidate] { scores[candidate] = s.score; continue }
                missingPairs.append("\(trecQueryID(slug: c.slug)) c\(candidate)"
                    + (group.instruction.map { " (instruction \"\($0)\")" } ?? "")
                    + (group.variant > 0 ? " (rewrite \"\(c.rewrites[group.variant - 1])\")" : ""))
                scores[candidate] = lowest - 1
            }
            let query = group.variant == 0 ? c.query : c.rewrites[group.variant - 1]
            let key = Key(instruction: group.instruction, query: query, documents: c.candidates.map(\.text))
            if let other = table[key], other != scores {
                problems.append("\(file): cases with the same query and candidates as '\(c.path)' get different scores;"
                    + " a run scorer cannot tell such cases apart")
            }
            table[key] = scores
        }
        // A rewrite without scores of its own ranks as the original query.
        for group in sortedGroups where group.variant == 0 {
            let c = cases[group.caseIndex]
            let documents = c.candidates.map(\.text)
            guard let original = table[Key(instruction: group.instruction, query: c.query, documents: documents)] else { continue }
            for (r, rewrite) in c.rewrites.enumerated()
            where !required.contains(Group(caseIndex: group.caseIndex, instruction: group.instruction, variant: r + 1)) {
                let key = Key(instruction: group.instruction, query: rewrite, documents: documents)
                if table[key] == nil { table[key] = original }
            }
        }
        if !missingPairs.isEmpty {
            let shown = missingPairs.prefix(50).joined(separator: ", ") + (missingPairs.count > 50 ? ", …" : "")
            switch missing {
            case .error:
                problems.append("\(file): \(missingPairs.count) pairs have no score (set `missing: last` to rank them last): \(shown)")
            case .last:
                warnings.append("\(id): \(missingPairs.count) pairs have no score in \(file) and are ranked last: \(shown)")
            }
        }
        if !problems.isEmpty { throw BuildError(.badInput, step: "run \(id)", messages: problems) }
        self.table = table
        self.warnings = warnings
        self.usesInstruction = table.keys.contains { $0.instruction != nil }
    }

    /// The card names the model `model:` gives (free text; scorers naming the same model are
    /// compared for parity) and the file the scores come from; the file's SHA-256 is the
    /// fingerprint, in the reproduction block.
    var card: ScorerCard {
        var card = ScorerCard(id: id, kind: kind, name: model.isEmpty ? "scores from \(file)" : model,
                              backend: "scores computed elsewhere, read from a run file", model: model.isEmpty ? nil : model,
                              readsInstruction: usesInstruction)
        card.sourceFile = file
        card.queryFormat = usesInstruction ? "scores per instruction, as the file's \"instruction\" fields give them"
            : "one score per pair whatever the instruction (the file names none)"
        return card
    }

    /// The candidate a run names: by its `{id=…}`, or `c<index>` for a candidate without one (the
    /// names `data/*.run` uses).
    static func candidateIndex(_ name: String, in file: CaseFile) -> Int? {
        file.candidates.firstIndex { $0.exportID == name }
    }

    func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        try requests.map { request in
            let exact = Key(instruction: request.instruction, query: request.query, documents: request.documents)
            let any = Key(instruction: nil, query: request.query, documents: request.documents)
            if let scores = table[exact] ?? table[any] { return scores.map { PairScore(score: $0) } }
            throw BuildError(.badInput, step: "run \(id)", "the run file has no scores for the query \"\(request.query)\"")
        }
    }
}
