import Cache
import Checksum
import Foundation
import RerankCore

extension SiteBuilder {
    /// The scorers that can run, and those left out because their model is missing and they are
    /// `optional: true` (each with a warning). A missing model of a required scorer fails the build
    /// with the command that gets it.
    /// `made`: the `kind: run` scorers, already made from their files (`BuildInputs`), by position.
    static func makeScorers(_ checked: [CheckedScorer], made: [Int: ConfiguredScorer], config: SiteConfig, options: BuildOptions,
                            cases: [CaseFile], environment: [String: String], log: BuildLog, cache: ScoreCache,
                            warn: (String) -> Void) async throws -> ([ConfiguredScorer], [NotRunScorer]) {
        var scorers: [ConfiguredScorer] = []
        var notRun: [NotRunScorer] = []
        for (i, sc) in checked.enumerated() {
            if let run = made[i] { scorers.append(run); continue }
            do {
                scorers.append(try await ScorerFactory.make(sc, root: config.root, environment: environment, log: log,
                                                            digests: FileDigests(memo: cache), pull: options.pull,
                                                            cases: cases))
            } catch let missing as MissingModel {
                guard sc.optional else {
                    throw BuildError(.scorerFailed, step: "model \(sc.config.id)",
                                     "\(missing.location): scorers.model: \(missing.message)")
                }
                warn("scorer \(sc.config.id) not run (optional): \(missing.message)")
                notRun.append(NotRunScorer(scorer: sc.config.id, kind: sc.config.kind, model: missing.model,
                                           reason: missing.reason, command: missing.command, remedy: missing.remedy))
            }
        }
        guard !scorers.isEmpty else {
            throw BuildError(.scorerFailed, step: "scorers", "no scorer can run: \(notRun.map(\.scorer).joined(separator: ", ")) "
                             + "are optional and their models are missing; add a scorer such as `original` or get a model")
        }
        return (scorers, notRun)
    }
}
