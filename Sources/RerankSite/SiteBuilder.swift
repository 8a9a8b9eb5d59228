import Cache
import Cases
import Checksum
import Foundation
import RerankCore
import SiteRender

/// The build: a list of named steps over one context. Nothing is written to the output folder
/// unless every step succeeds; then the whole site is replaced at once.
public enum SiteBuilder {
    public static func build(_ options: BuildOptions, log: BuildLog,
                             environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> BuildReport {
        let start = Date()
        var warnings: [String] = []
        func warn(_ w: String) { warnings.append(w); log.warning(w) }

        // 1–3. Configuration, output and cache places, case files, run files, the history to seed
        // from: every problem of all of them in one report, before the cache is opened.
        let inputs = try await BuildInputs.read(options, environment: environment, log: log)
        let config = inputs.config, cases = inputs.cases, scorerConfigs = inputs.scorers
        let outputDir = inputs.outputDir, siteDir = inputs.siteDir

        // The cache, then the scorers (models resolved, not yet loaded; their files' digests are
        // remembered in the cache).
        let cache: ScoreCache
        do { cache = try ScoreCache(path: inputs.cacheFile) } catch {
            throw BuildError(.io, step: "cache", "\(error)")
        }
        cache.warnings.forEach(warn)
        let (scorers, notRun) = try await makeScorers(scorerConfigs, made: inputs.runScorers, config: config, options: options,
                                                      cases: cases, environment: environment, log: log, cache: cache, warn: warn)
        for case let run as RunScorer in scorers.map(\.scorer) { run.warnings.forEach(warn) }

        // 4. Score every (instruction, query variant, candidate) with every scorer, through the cache.
        let plan = ScoringPlan(cases: cases, scorers: scorers, defaultInstruction: config.instruction)
        var scoresByScorer: [[[PairScore]]] = []
        var scored = 0, cached = 0
        for (s, configured) in scorers.enumerated() {
            let requests = plan.requests[s]
            log.progress("scoring \(configured.scorer.id): \(requests.reduce(0) { $0 + $1.documents.count }) pairs")
            do {
                let result = try await CachedScoring.score(requests, with: configured.scorer, cache: cache)
                scoresByScorer.append(result.scores)
                scored += result.scored; cached += result.cached
            } catch let e as BuildError {
                throw e
            } catch {
                throw BuildError(.scorerFailed, step: "score \(configured.scorer.id)", "\(error)")
            }
        }

        // 5. Rankings, metrics, summaries.
        let caseResults = plan.rankings(scores: scoresByScorer, fusion: config.fusion)
        truncationWarnings(plan: plan, scores: scoresByScorer).forEach(warn)
        for result in caseResults where !result.file.hasLabels {
            log.info("\(result.file.path): no labels, so no metrics")
        }
        let summaries = summarize(cases: caseResults,
                                  scorers: scorers.map { ($0.scorer.id, $0.scorer.kind, $0.scorer.fingerprint) },
                                  baseline: scorers[0].scorer.id, metrics: config.measuredMetrics)
        let cards = modelCards(scorers, cache: cache)
        let checks = ScorerChecks(cases: caseResults, cards: cards,
                                  settings: checkSettings(config.checks, scorers: scorerConfigs, run: scorers.map(\.scorer.id)))
        checks.warnings.forEach(warn)
        var results = SiteResults(title: config.title, baseURL: config.baseURL, toolVersion: rerankSiteVersion,
                                  scorers: scorers.map(\.scorer.id), baseline: scorers[0].scorer.id,
                                  cases: caseResults, summaries: summaries, fusion: config.fusion, notRun: notRun,
                                  cards: cards, checks: checks, metrics: config.metrics)

        // 5b. Run history: the cache's runs, a published history.json, and this run when its results differ.
        let git = RunHistory.gitFacts(root: config.root)
        let current = makeHistoryRun(cases: caseResults, summaries: summaries, scorers: results.scorers,
                                     metrics: config.measuredMetrics, time: RunHistory.now(), toolVersion: rerankSiteVersion,
                                     gitCommit: git.commit, gitDirty: git.dirty, configHash: configHash(options, config))
        let history: RunHistory.Plan
        do { history = RunHistory.plan(cached: try RunHistory.load(cache, warn: warn), seed: inputs.seed, current: current) } catch let e as BuildError {
            throw e
        } catch {
            throw BuildError(.io, step: "history", "\(error)")
        }
        results.history = history.runs
        let previousRun = history.runs.count >= 2 ? history.runs[history.runs.count - 2] : nil

        // 6. Render and check every internal link before anything is written.
        log.progress("rendering")
        var files: [String: [UInt8]]
        do {
            files = try renderSite(results, theme: inputs.theme)
        } catch SiteRenderError.several(let problems) {
            throw BuildError(.badInput, step: "render", messages: problems.map(\.description))
        } catch {
            throw BuildError(.badInput, step: "render", "\(error)")
        }
        let check = GateCheck.report(title: config.title, gates: config.gates, metrics: config.measuredMetrics,
                                     scorers: results.scorers, means: metricMeans(summaries), previous: previousRun?.means,
                                     changes: previousRun.map { changedCases(from: $0, to: history.runs[history.runs.count - 1]) } ?? [])
        files[GateCheck.jsonPath] = check.json
        let broken = checkLinks(files)
        if !broken.isEmpty { throw BuildError(.badInput, step: "link check", messages: broken) }
        if options.strict && !warnings.isEmpty {
            throw BuildError(.badInput, step: "strict", messages: warnings.map { "warning treated as error: \($0)" })
        }

        // 7. Replace the site in one move.
        log.progress("writing \(files.count) files")
        try SiteWriter.write(files, to: siteDir)
        do { try RunHistory.append(history.toAppend, to: cache) } catch {
            throw BuildError(.io, step: "history", "the site was written, but the run could not be recorded in the cache: \(error)")
        }
        log.endProgress()
        if options.check { try GateCheck.writeSummary(check.markdown, to: options.summaryFile, environment: environment) }
        return BuildReport(cases: cases.count, pairs: scored + cached, scored: scored, cached: cached,
                           seconds: Date().timeIntervalSince(start), sitePath: outputDir.path, warnings: warnings,
                           check: check)
    }

    /// The case folder a build with `options` reads (`--input`, else the configuration's `input`).
    public static func inputFolder(_ options: BuildOptions) throws -> URL {
        inputFolder(options, config: try loadConfig(options))
    }

    static func inputFolder(_ options: BuildOptions, config: SiteConfig) -> URL {
        config.resolve(options.input ?? config.input)
    }

    static func loadConfig(_ options: BuildOptions) throws -> SiteConfig {
        let (config, problems) = try readConfig(options)
        if !problems.isEmpty { throw BuildError(.badInput, step: "config", messages: problems) }
        return config
    }

    /// The score cache file: `options.cache` when given (the configuration is then not read), else
    /// the configuration's `cache`.
    public static func cacheFile(_ options: BuildOptions) throws -> URL {
        if let cache = options.cache { return URL(fileURLWithPath: cache) }
        let config = try loadConfig(options)
        return config.resolve(config.cache)
    }

    /// The configuration (the file --config names, else rerank-site.yml if there is one) and its
    /// problems; throws only when it cannot be read at all.
    static func readConfig(_ options: BuildOptions) throws -> (config: SiteConfig, problems: [String]) {
        if let file = options.configFile { return try SiteConfig.read(file: file, mustExist: true) }
        return try SiteConfig.read(file: options.workingDirectory.appendingPathComponent("rerank-site.yml"), mustExist: false)
    }

    /// The configured scorers, or those named with --scorer (built-in kinds allowed without config),
    /// checked; an unknown `--scorer` is a usage error, all of them named at once.
    static func selectScorers(_ config: SiteConfig, ids: [String]) throws -> [CheckedScorer] {
        let selected = try checkScorers(config, ids: ids)
        if !selected.problems.isEmpty { throw BuildError(.badInput, step: "config", messages: selected.problems) }
        return selected.scorers
    }

    /// `selectScorers`, returning the scorers that check beside the problems of those that do not.
    static func checkScorers(_ config: SiteConfig, ids: [String]) throws -> (scorers: [CheckedScorer], problems: [String]) {
        var selected: [ScorerConfig] = []
        var unknown: [String] = []
        for id in ids {
            if let s = config.scorers.first(where: { $0.id == id }) {
                selected.append(s)
            } else if SiteConfig.defaultScorers.contains(id) {
                selected.append(ScorerConfig(id: id, kind: id, location: SourceLocation(file: "--scorer", line: 1)))
            } else {
                unknown.append("--scorer \(id): no such scorer (configured: \(config.scorers.map(\.id).joined(separator: ", ")))")
            }
        }
        if !unknown.isEmpty { throw BuildError(.usage, step: "config", messages: unknown) }
        var checked: [CheckedScorer] = []
        var problems: [String] = []
        for s in ids.isEmpty ? config.scorers : selected {
            switch s.checked() {
            case .success(let c): checked.append(c)
            case .failure(let found): problems += found.messages
            }
        }
        return (checked, problems)
    }

    /// SHA-256 of the configuration file's bytes ("" when there is none).
    static func configHash(_ options: BuildOptions, _ config: SiteConfig) -> String {
        let file = options.configFile ?? options.workingDirectory.appendingPathComponent("rerank-site.yml")
        return SHA256.hex([UInt8](FileManager.default.contents(atPath: file.path) ?? Data()))
    }

    /// Each scorer's means by metric name.
    static func metricMeans(_ summaries: [ScorerSummary]) -> MetricMeans {
        Dictionary(uniqueKeysWithValues: summaries.map { ($0.scorer, $0.means) })
    }
}
