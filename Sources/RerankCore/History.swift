import Foundation

/// What one case's headline ranking (first instruction, original query) gave one scorer, for the
/// run history: its top candidate and its metrics.
public struct CaseRunFacts: Hashable, Sendable, Codable {
    /// The top candidate's id (`c2`).
    public var top: String
    /// Hit@1 as yes/no; nil for an unlabelled case.
    public var hit1: Bool?
    /// Each measured metric, by name; empty for an unlabelled case.
    public var metrics: [String: Double]
    public init(top: String, hit1: Bool?, metrics: [String: Double]) { self.top = top; self.hit1 = hit1; self.metrics = metrics }
}

/// One build in the run history.
public struct HistoryRun: Hashable, Sendable, Codable {
    /// When the build ran, ISO 8601 UTC (`2026-12-01T00:31:02Z`).
    public var time: String
    public var toolVersion: String
    /// The project's git commit and whether its tree had changes, when it is in git.
    public var gitCommit: String?
    public var gitDirty: Bool?
    /// SHA-256 of rerank-site.yml.
    public var configHash: String
    /// Fingerprint per scorer id.
    public var fingerprints: [String: String]
    /// Scorer ids in configured order.
    public var scorers: [String]
    /// Mean per scorer, then per metric name.
    public var means: MetricMeans
    /// Per case path, then per scorer.
    public var cases: [String: [String: CaseRunFacts]]

    public init(time: String, toolVersion: String, gitCommit: String?, gitDirty: Bool?, configHash: String,
                fingerprints: [String: String], scorers: [String], means: MetricMeans, cases: [String: [String: CaseRunFacts]]) {
        self.time = time; self.toolVersion = toolVersion; self.gitCommit = gitCommit; self.gitDirty = gitDirty
        self.configHash = configHash; self.fingerprints = fingerprints; self.scorers = scorers; self.means = means
        self.cases = cases
    }

    /// True when both runs have the same results (scorers, fingerprints, means, per-case facts),
    /// whatever their time, commit or tool version.
    public func sameResults(as other: HistoryRun) -> Bool {
        scorers == other.scorers && fingerprints == other.fingerprints && means == other.means && cases == other.cases
    }

    /// True when both are the record of one build, whether or not either still carries its
    /// per-case facts (see `boundedHistory`): everything but `cases` is equal.
    public func isSameRun(as other: HistoryRun) -> Bool {
        time == other.time && toolVersion == other.toolVersion && gitCommit == other.gitCommit && gitDirty == other.gitDirty
            && configHash == other.configHash && fingerprints == other.fingerprints && scorers == other.scorers
            && means == other.means
    }

    /// How many of the latest runs keep their per-case facts: the newest (what the next build's
    /// results are compared with, and the case paths a seed history is checked against) and the
    /// one before it ("since the previous run"). Older runs keep their per-scorer means only, so the
    /// history grows by a few hundred bytes per run whatever the number of cases.
    public static let runsWithCaseFacts = 2

    /// The run without its per-case facts (`cases` empty).
    public var withoutCaseFacts: HistoryRun {
        var run = self
        run.cases = [:]
        return run
    }
}

/// The history as kept (in the cache and in data/history.json): every run, oldest first, with
/// per-case facts only on the latest `HistoryRun.runsWithCaseFacts`. Pure.
public func boundedHistory(_ runs: [HistoryRun]) -> [HistoryRun] {
    let keepFrom = runs.count - HistoryRun.runsWithCaseFacts
    return runs.enumerated().map { i, run in i < keepFrom ? run.withoutCaseFacts : run }
}

/// data/history.json: every recorded run, oldest first (per-case facts on the latest two only).
public struct HistoryDocument: Hashable, Sendable, Codable {
    public var format: String
    public var runs: [HistoryRun]
    public init(runs: [HistoryRun]) { self.format = HistoryDocument.formatName; self.runs = runs }
    public static let formatName = "rerank-site history v1"
}

/// The run this build's results make (time and git facts from the caller). Pure.
public func makeHistoryRun(cases: [CaseResult], summaries: [ScorerSummary], scorers: [String], metrics: [MetricName],
                           time: String, toolVersion: String, gitCommit: String?, gitDirty: Bool?,
                           configHash: String) -> HistoryRun {
    var facts: [String: [String: CaseRunFacts]] = [:]
    for result in cases {
        var perScorer: [String: CaseRunFacts] = [:]
        for s in scorers {
            guard let r = headlineRanking(result, scorer: s), let top = r.order.first else { continue }
            let labelled = result.file.hasLabels
            let values = labelled ? Dictionary(uniqueKeysWithValues: metrics.map {
                ($0.name, metricValue($0, order: r.order, relevances: result.file.relevances))
            }) : [:]
            perScorer[s] = CaseRunFacts(top: "c\(top)", hit1: labelled ? metricValue(.hit(1), order: r.order,
                                                                                     relevances: result.file.relevances) == 1 : nil,
                                        metrics: values)
        }
        facts[result.file.path] = perScorer
    }
    return HistoryRun(time: time, toolVersion: toolVersion, gitCommit: gitCommit, gitDirty: gitDirty, configHash: configHash,
                      fingerprints: Dictionary(uniqueKeysWithValues: summaries.map { ($0.scorer, $0.fingerprint) }),
                      scorers: scorers, means: Dictionary(uniqueKeysWithValues: summaries.map { ($0.scorer, $0.means) }),
                      cases: facts)
}

/// A case whose top result or Hit@1 changed between two runs, for one scorer.
public struct ChangedCase: Hashable, Sendable, Codable {
    public var path: String
    public var scorer: String
    /// In words: `top result c2 → c0; Hit@1 yes → no`.
    public var change: String
    public init(path: String, scorer: String, change: String) { self.path = path; self.scorer = scorer; self.change = change }
}

/// Cases whose top result or Hit@1 changed from `previous` to `current`, by path then scorer order;
/// cases new in `current` are listed as new. Pure.
public func changedCases(from previous: HistoryRun, to current: HistoryRun) -> [ChangedCase] {
    var out: [ChangedCase] = []
    func yesNo(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "unlabelled" }
    for path in current.cases.keys.sorted() {
        for scorer in current.scorers {
            guard let now = current.cases[path]?[scorer] else { continue }
            guard let before = previous.cases[path]?[scorer] else {
                out.append(ChangedCase(path: path, scorer: scorer, change: "new: top result \(now.top)")); continue
            }
            var parts: [String] = []
            if before.top != now.top { parts.append("top result \(before.top) → \(now.top)") }
            if before.hit1 != now.hit1 { parts.append("Hit@1 \(yesNo(before.hit1)) → \(yesNo(now.hit1))") }
            if !parts.isEmpty { out.append(ChangedCase(path: path, scorer: scorer, change: parts.joined(separator: "; "))) }
        }
    }
    return out
}
