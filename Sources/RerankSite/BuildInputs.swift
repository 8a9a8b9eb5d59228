import Cases
import Foundation
import RerankCore
import SiteRender

/// What a build reads before it scores, checked together so that one build reports every problem
/// it can find in one message: the configuration (scorers, metrics, gates), where the site and the
/// cache go, the theme's templates, the case files, the run files of `kind: run` scorers and the
/// `--history` file. The
/// cache is not opened and nothing is written until all of it holds, so a build with bad input
/// leaves the previous site and the cache as they were.
///
/// A required scorer's model missing from this machine is reported here too (an `optional: true`
/// one is left out with a warning later, and a model to be pulled is fetched later).
///
/// A check that needs an earlier part is made with what of that part could be read: run files and
/// the history are matched against the case files that parse (names of case files with problems are
/// passed over, not called unknown). Only when the configuration is not YAML at all, or the case
/// folder cannot be listed, is the rest not checked, and the report says so.
struct BuildInputs {
    var config: SiteConfig
    var inputDir: URL
    var outputDir: URL
    var cacheFile: URL
    /// The output folder with links resolved (`OutputSafety`).
    var siteDir: URL
    var scorers: [CheckedScorer]
    var cases: [CaseFile]
    /// The `kind: run` scorers, made (their files read and matched to the cases), by position in `scorers`.
    var runScorers: [Int: ConfiguredScorer]
    /// The runs of `--history FILE`.
    var seed: [HistoryRun]
    /// The default theme with the project's templates/ on top (their syntax checked).
    var theme: Theme

    static func read(_ options: BuildOptions, environment: [String: String], log: BuildLog) async throws -> BuildInputs {
        var report = InputReport()

        // 1. Configuration. Text that is not a YAML mapping stops here: it may name the input folder.
        let config: SiteConfig
        let configProblems: [String]
        do { (config, configProblems) = try SiteBuilder.readConfig(options) } catch var e as BuildError where e.kind == .badInput {
            e.notes.append("case files, run files and history were not checked: the configuration could not be read")
            throw e
        }
        report.add("config", configProblems)
        let inputDir = SiteBuilder.inputFolder(options, config: config)
        let outputDir = config.resolve(options.output ?? config.output)
        let cacheFile = config.resolve(options.cache ?? config.cache)
        let selected = try SiteBuilder.checkScorers(config, ids: options.scorers)
        // Configured scorers were checked while the configuration was read: each problem once.
        report.add("config", selected.problems.filter { !configProblems.contains($0) })

        // 2. Where the site and the cache go.
        var siteDir: URL?
        do {
            siteDir = try OutputSafety.check(SiteBuilder.places(options, config, output: outputDir, cache: cacheFile,
                                                                input: inputDir, environment: environment))
        } catch let e as BuildError { report.add(e) }

        // The theme's templates: a syntax error is found now, not after minutes of scoring. (A name
        // a template uses that the pages lack is found when the pages are rendered.)
        var theme: Theme?
        do { theme = try Theme.load(overridesIn: config.root.appendingPathComponent("templates")) } catch SiteRenderError.several(let problems) {
            report.add("templates", problems.map(\.description))
        } catch {
            report.add("templates", ["\(error)"])
        }

        // 3. Case files: every file's problems, and the cases of the files without any.
        log.progress("reading cases in \(inputDir.path)")
        let reading = CaseLoader.read(inputDirectory: inputDir, includeDrafts: options.includeDrafts)
        report.add("cases", reading.problems.map(\.description))
        let passedOver = Set(reading.failedPaths.flatMap { path -> [String] in
            let slug = CaseLoader.slug(ofPath: path)
            return [path, slug, trecQueryID(slug: slug)]
        })

        // 4. Run files: cheap to read, and matched against the cases here, before any model or server.
        var runScorers: [Int: ConfiguredScorer] = [:]
        for (i, checked) in selected.scorers.enumerated() {
            guard case let .run(file, model, missing) = checked.spec else { continue }
            do {
                if reading.folderRead {
                    let scorer = try ScorerFactory.makeRunScorer(id: checked.config.id, file: file, model: model, missing: missing,
                                                                 root: config.root, cases: reading.cases, passedOver: passedOver)
                    runScorers[i] = ConfiguredScorer(scorer: scorer, instructionOverride: checked.instructionOverride)
                } else {
                    report.note("\(file.text): only its lines were checked, not the cases they name (the case folder could not be read)")
                    _ = try ScorerFactory.readRunFile(id: checked.config.id, file: file, root: config.root)
                }
            } catch let e as BuildError { report.add("run files", e.messages) }
        }

        // 4b. A required scorer's model that is not on this machine (and is not to be pulled): its
        // folder is only looked up here (nothing downloaded, nothing hashed); it is loaded later.
        for checked in selected.scorers where checked.spec.loadsModel && !checked.optional && !(options.pull || checked.pull) {
            guard let model = checked.spec.model else { continue }
            do {
                _ = try await ScorerFactory.resolveModel(model, scorer: checked.config.id, root: config.root,
                                                         environment: environment, log: log, pull: false)
            } catch let missing as MissingModel {
                report.add("model \(checked.config.id)", ["\(missing.location): scorers.model: \(missing.message)"])
            }
        }

        // 5. The history to seed from: another project's is refused.
        var seed: [HistoryRun] = []
        if let historyFile = options.historyFile {
            let paths = reading.folderRead ? Set(reading.cases.map(\.path) + reading.failedPaths) : nil
            if paths == nil {
                report.note("--history \(historyFile): not compared with the case paths (the case folder could not be read)")
            }
            do { seed = try RunHistory.seed(file: URL(fileURLWithPath: historyFile), casePaths: paths) } catch let e as BuildError {
                report.add(e)
            }
        }

        if let error = report.error { throw error }
        guard let siteDir, let theme else { throw BuildError(.io, step: "inputs", "the inputs could not be checked") }
        return BuildInputs(config: config, inputDir: inputDir, outputDir: outputDir, cacheFile: cacheFile, siteDir: siteDir,
                           scorers: selected.scorers, cases: reading.cases, runScorers: runScorers, seed: seed, theme: theme)
    }
}

/// The problems of a build's inputs, gathered step by step into one `BuildError`.
struct InputReport {
    private(set) var steps: [String] = []
    private(set) var messages: [String] = []
    private var notes: [String] = []
    private var usage = false

    mutating func add(_ step: String, _ found: [String]) {
        guard !found.isEmpty else { return }
        if !steps.contains(step) { steps.append(step) }
        messages += found
    }

    mutating func add(_ error: BuildError) {
        if error.kind == .usage { usage = true }
        add(error.step, error.messages)
    }

    /// A line saying what could not be checked; shown only beside problems.
    mutating func note(_ text: String) { notes.append(text) }

    /// Every problem in one error (the steps named together), or nil when there is none.
    var error: BuildError? {
        guard !messages.isEmpty else { return nil }
        var error = BuildError(usage ? .usage : .badInput, step: steps.joined(separator: ", "), messages: messages)
        error.notes = notes
        return error
    }
}
