/// How scores of the query and its rewrites are fused into one score per candidate.
public enum FusionMethod: String, Sendable, Codable, CaseIterable {
    case max, mean
    /// Reciprocal-rank fusion, k = 60 (Cormack et al. 2009).
    case rrf
}

/// Retrieval metrics of one ranking against the case's labels.
public struct RankingMetrics: Hashable, Sendable, Codable {
    /// 1 when the top candidate has the case's highest label, else 0.
    public var hit1: Double
    /// 1 when a candidate with the case's highest label is in the top three, else 0.
    public var hit3: Double
    /// 1 / rank of the first candidate with rel > 0; 0 when none.
    public var mrr: Double
    /// NDCG@10 with linear gains, as trec_eval's ndcg_cut_10.
    public var ndcg10: Double
    public init(hit1: Double, hit3: Double, mrr: Double, ndcg10: Double) {
        self.hit1 = hit1; self.hit3 = hit3; self.mrr = mrr; self.ndcg10 = ndcg10
    }
}

/// Statistics of one ranking's scores.
public struct ScoreStats: Hashable, Sendable, Codable {
    public var mean: Double
    /// Population standard deviation.
    public var std: Double
    public var min: Double
    public var max: Double
    /// Score of the first minus score of the second candidate (0 with fewer than two).
    public var gap: Double
    public init(mean: Double, std: Double, min: Double, max: Double, gap: Double) {
        self.mean = mean; self.std = std; self.min = min; self.max = max; self.gap = gap
    }
}

/// One ranking of a case's candidates: a scorer, an instruction, and the query or the fused rewrites.
public struct Ranking: Hashable, Sendable, Codable {
    public var scorer: String
    public var instruction: String
    /// The original query, one rewrite alone, or query + rewrites fused.
    public var variant: RankingVariant
    /// Score per candidate, indexed by the candidate's baseline position.
    public var scores: [Double]
    /// Facts per candidate for the query scored (tokens, truncation, logit); empty for fused rankings.
    public var pairs: [PairScore]
    /// Candidate indices, best first. Ties in score are broken by baseline order.
    public var order: [Int]
    /// Nil when the case has no labels.
    public var metrics: RankingMetrics?
    public var stats: ScoreStats

    public init(scorer: String, instruction: String, variant: RankingVariant, scores: [Double], pairs: [PairScore],
                order: [Int], metrics: RankingMetrics?, stats: ScoreStats) {
        self.scorer = scorer; self.instruction = instruction; self.variant = variant; self.scores = scores
        self.pairs = pairs; self.order = order; self.metrics = metrics; self.stats = stats
    }

    /// 1-based rank of each candidate, indexed by baseline position.
    public var rankOf: [Int] {
        var ranks = [Int](repeating: 0, count: order.count)
        for (r, c) in order.enumerated() { ranks[c] = r + 1 }
        return ranks
    }
}

/// The written rule for ties, shown on the site.
public let tieBreakRule = "Candidates with equal scores keep their first-stage (baseline) order."

/// How the TREC run files keep that order for trec_eval, which breaks ties by docid instead.
public let runFileTieRule = "trec_eval reads scores as single-precision floats and breaks ties by docid, so in the TREC"
    + " run files a score that is not below the one ranked above it (as a float) is written as the next float below that one;"
    + " trec_eval then sees the site's order and computes the same metrics."

/// Sorts candidate indices by descending score; equal scores keep baseline order (stable).
public func rankOrder(scores: [Double]) -> [Int] {
    scores.indices.sorted { a, b in
        if scores[a] != scores[b] { return scores[a] > scores[b] }
        return a < b
    }
}

/// Everything computed for one case.
public struct CaseResult: Hashable, Sendable, Codable {
    public var file: CaseFile
    /// The instructions actually used (the case's own, or the configured default).
    public var instructions: [String]
    public var rankings: [Ranking]
    public init(file: CaseFile, instructions: [String], rankings: [Ranking]) {
        self.file = file; self.instructions = instructions; self.rankings = rankings
    }
}

/// Wins, ties and losses of a scorer against the baseline, per labelled case (by NDCG@10).
public struct WinTieLoss: Hashable, Sendable, Codable {
    public var wins: Int, ties: Int, losses: Int
    public init(wins: Int = 0, ties: Int = 0, losses: Int = 0) { self.wins = wins; self.ties = ties; self.losses = losses }
}

/// One scorer's summary over all labelled cases (first instruction, original query).
public struct ScorerSummary: Hashable, Sendable, Codable {
    public var scorer: String
    public var kind: String
    public var fingerprint: String
    /// Number of labelled cases the averages are over.
    public var labelledCases: Int
    /// Mean of each metric over labelled cases; nil when there are none.
    public var meanMetrics: RankingMetrics?
    /// Cases whose top candidate has the highest label ("19 → 27 correct first results").
    public var correctFirst: Int
    public var versusBaseline: WinTieLoss
    /// Every score this scorer gave (original query, every case and instruction), for histograms.
    public var allScores: [Double]
    /// Mean of each metric picked by `metrics:` over the labelled cases, keyed by its name
    /// (`ndcg@10`, `map`); empty when no case is labelled.
    public var means: [String: Double]
    public init(scorer: String, kind: String, fingerprint: String, labelledCases: Int, meanMetrics: RankingMetrics?,
                correctFirst: Int, versusBaseline: WinTieLoss, allScores: [Double], means: [String: Double] = [:]) {
        self.scorer = scorer; self.kind = kind; self.fingerprint = fingerprint; self.labelledCases = labelledCases
        self.meanMetrics = meanMetrics; self.correctFirst = correctFirst; self.versusBaseline = versusBaseline
        self.allScores = allScores; self.means = means
    }
}

/// A configured scorer that did not run because its model is not on this machine (`optional: true`):
/// the site names it, why, and the command that gets the model.
public struct NotRunScorer: Hashable, Sendable, Codable {
    public var scorer: String
    public var kind: String
    /// The model as the configuration names it.
    public var model: String
    public var reason: String
    /// The command that gets the model (`rerank-site models pull …`), when there is one.
    public var command: String?
    /// What to do, in a sentence.
    public var remedy: String
    public init(scorer: String, kind: String, model: String, reason: String, command: String?, remedy: String) {
        self.scorer = scorer; self.kind = kind; self.model = model; self.reason = reason
        self.command = command; self.remedy = remedy
    }
}

/// The whole computed site, ready to render. Pure data.
public struct SiteResults: Hashable, Sendable, Codable {
    public var title: String
    /// Absolute base URL for canonical links and feeds; pages link relatively regardless.
    public var baseURL: String?
    public var toolVersion: String
    /// Scorer ids in configured order; the first is the baseline used for movements and W/T/L.
    public var scorers: [String]
    public var baseline: String
    public var cases: [CaseResult]
    public var summaries: [ScorerSummary]
    public var fusion: FusionMethod
    /// Configured scorers whose model is missing (`optional: true`), in configured order.
    public var notRun: [NotRunScorer]
    /// Each scorer described for people, in `scorers` order (the model cards).
    public var cards: [ScorerCard]
    /// Backend parity, degenerate scores and threshold curves.
    public var checks: ScorerChecks
    /// The metrics the summary shows, in order (`metrics:` in rerank-site.yml).
    public var metrics: [MetricName]
    /// Every recorded run, oldest first, this build's last; empty when the build keeps no history.
    public var history: [HistoryRun] = []
    public init(title: String, baseURL: String?, toolVersion: String, scorers: [String], baseline: String,
                cases: [CaseResult], summaries: [ScorerSummary], fusion: FusionMethod, notRun: [NotRunScorer] = [],
                cards: [ScorerCard] = [], checks: ScorerChecks = ScorerChecks(), metrics: [MetricName] = MetricName.defaults) {
        self.title = title; self.baseURL = baseURL; self.toolVersion = toolVersion; self.scorers = scorers
        self.baseline = baseline; self.cases = cases; self.summaries = summaries; self.fusion = fusion
        self.notRun = notRun; self.cards = cards; self.checks = checks; self.metrics = metrics
    }
}
