import RerankCore

/// What every page needs to know about the whole site, computed once: the label colours, each
/// scorer's score axis, where each page and run file lives, and a fixed order for rankings.
struct SiteContext {
    let results: SiteResults
    let scale: LabelScale
    /// Score axis per scorer id.
    let axes: [String: ScoreAxis]
    /// Site path of each case's page, by slug.
    let casePaths: [String: String]
    /// `data/<scorer>.run` per scorer id.
    let runFiles: [String: String]
    /// Scorer ids in display order: configured order, then any others found in rankings, sorted.
    let scorers: [String]
    /// The scorer-check lines of each case page, by slug.
    let caseChecks: [String: [CaseCheckLine]]
    /// Case titles by slug.
    let caseTitles: [String: String]
    /// The metrics the summaries and comparisons show, in order.
    let metrics: [SummaryMetric]
    /// Every non-baseline scorer per instruction slot and variant against the baseline, with
    /// intervals and p-values (the index's comparison table and results.json). Computed on first
    /// use, by whichever thread asks first: the resampling takes a while on thousands of cases, and
    /// only the index and results.json need it, so the case pages render meanwhile.
    var comparisons: [ComparisonRow] { comparisonRows.value }
    private let comparisonRows: ComputedOnce<[ComparisonRow]>

    init(_ results: SiteResults) throws {
        self.results = results
        scale = LabelScale(cases: results.cases)

        var casePaths: [String: String] = [:]
        var takenPaths = Set<String>()
        for c in results.cases {
            let path = try SitePaths.casePage(slug: c.file.slug)
            if takenPaths.contains(path) || casePaths[c.file.slug] != nil {
                throw SiteRenderError.duplicatePath(path: path)
            }
            takenPaths.insert(path)
            casePaths[c.file.slug] = path
            try Self.validate(c)
        }
        self.casePaths = casePaths
        metrics = results.metrics.map(SummaryMetric.init)

        var scorers = results.scorers
        var extra = Set<String>()
        for c in results.cases { for r in c.rankings where !scorers.contains(r.scorer) { extra.insert(r.scorer) } }
        for s in results.summaries where !scorers.contains(s.scorer) { extra.insert(s.scorer) }
        scorers += extra.sorted()
        self.scorers = scorers

        var scoresBy: [String: [Double]] = [:]
        for c in results.cases { for r in c.rankings { scoresBy[r.scorer, default: []] += r.scores } }
        for s in results.summaries { scoresBy[s.scorer, default: []] += s.allScores }
        var axes: [String: ScoreAxis] = [:]
        for s in scorers { axes[s] = ScoreAxis(scores: scoresBy[s] ?? []) }
        self.axes = axes

        var runFiles: [String: String] = [:]
        var taken = Set<String>()
        for s in scorers {
            var name = SitePaths.fileSafe(s)
            var k = 2
            while taken.contains(name) { name = SitePaths.fileSafe(s) + "-\(k)"; k += 1 }
            taken.insert(name)
            runFiles[s] = "data/\(name).run"
        }
        self.runFiles = runFiles
        caseChecks = caseCheckLines(results.checks)
        var titles: [String: String] = [:]
        for c in results.cases { titles[c.file.slug] = c.file.title }
        caseTitles = titles
        let metrics = self.metrics, compared = self.scorers
        comparisonRows = ComputedOnce {
            compareWithBaseline(cases: results.cases, scorers: compared, baseline: results.baseline,
                                metrics: metrics, settings: .standard)
        }
    }

    /// A ranking must cover the case's candidates exactly once.
    private static func validate(_ c: CaseResult) throws {
        let n = c.file.candidates.count
        for (i, candidate) in c.file.candidates.enumerated() where candidate.index != i {
            throw SiteRenderError.inconsistentResults(caseSlug: c.file.slug,
                detail: "candidate at position \(i) has index \(candidate.index)")
        }
        for r in c.rankings {
            let what = "ranking \(r.scorer)/\(r.variant.name)"
            guard r.scores.count == n else {
                throw SiteRenderError.inconsistentResults(caseSlug: c.file.slug,
                    detail: "\(what) has \(r.scores.count) scores for \(n) candidates")
            }
            guard r.order.count == n, Set(r.order) == Set(0..<n) else {
                throw SiteRenderError.inconsistentResults(caseSlug: c.file.slug,
                    detail: "\(what) order is not a permutation of the \(n) candidates")
            }
            guard r.pairs.isEmpty || r.pairs.count == n else {
                throw SiteRenderError.inconsistentResults(caseSlug: c.file.slug,
                    detail: "\(what) has \(r.pairs.count) pair facts for \(n) candidates")
            }
        }
    }

    var baseline: String { results.baseline }

    func scorerIndex(_ id: String) -> Int { scorers.firstIndex(of: id) ?? scorers.count }

    /// Rankings of a case in display order: scorer, instruction (case order), then variant (query,
    /// rewrites, fused).
    func sortedRankings(_ c: CaseResult) -> [Ranking] {
        func instructionIndex(_ s: String) -> Int { c.instructions.firstIndex(of: s) ?? c.instructions.count }
        return c.rankings.sorted { a, b in
            let sa = scorerIndex(a.scorer), sb = scorerIndex(b.scorer)
            if sa != sb { return sa < sb }
            if a.scorer != b.scorer { return a.scorer < b.scorer }
            let ia = instructionIndex(a.instruction), ib = instructionIndex(b.instruction)
            if ia != ib { return ia < ib }
            if a.instruction != b.instruction { return a.instruction < b.instruction }
            return a.variant < b.variant
        }
    }

    /// The instructions of a case in order: the used ones, then any other found in its rankings.
    func instructions(of c: CaseResult) -> [String] {
        var out = c.instructions
        for r in sortedRankings(c) where !out.contains(r.instruction) { out.append(r.instruction) }
        return out
    }

    func ranking(_ c: CaseResult, scorer: String, instruction: String, variant: RankingVariant = .query) -> Ranking? {
        c.rankings.first { $0.scorer == scorer && $0.instruction == instruction && $0.variant == variant }
    }

    /// The ranking a case is summarised by: first instruction, original query.
    func primary(_ c: CaseResult, scorer: String) -> Ranking? {
        guard let first = instructions(of: c).first else { return nil }
        return ranking(c, scorer: scorer, instruction: first)
    }

    func summary(_ scorer: String) -> ScorerSummary? { results.summaries.first { $0.scorer == scorer } }

    func kind(_ scorer: String) -> String { summary(scorer)?.kind ?? "" }

    func card(_ scorer: String) -> ScorerCard? { results.cards.first { $0.id == scorer } }

    /// The name people know a scorer's model or method by (`Qwen/Qwen3-Reranker-0.6B`, `BM25`); the
    /// kind when the build gave no card. Empty when it only repeats the id.
    func modelName(_ scorer: String) -> String {
        let name = card(scorer)?.name ?? kind(scorer)
        return name.lowercased() == scorer.lowercased() ? "" : name
    }
}
