import Foundation
import RerankCore
import Checksum

/// data/results.json: every score, ranking and metric, plus what is needed to reproduce them.
/// Keys are sorted and numbers use Swift's shortest round-trip form, so the bytes are deterministic.
enum ResultsJSON {
    struct Document: Encodable {
        var title: String
        var reproduction: Reproduction
        var summaries: [ScorerSummary]
        /// Each scorer described for people (the model cards).
        var models: [ScorerCard]
        var checks: Checks
        /// Each non-baseline scorer per instruction slot and variant against the baseline.
        var comparisons: [ComparisonRow]
        var comparisonMethod: String
        var cases: [CaseEntry]
    }

    /// The scorer checks; threshold curves by their best-F1 point only (the full curve is one
    /// point per distinct score).
    struct Checks: Encodable {
        var settings: ScorerCheckSettings
        var parity: [ParityReport]
        var degenerate: [DegenerateFinding]
        var thresholds: [ThresholdEntry]
    }

    struct ThresholdEntry: Encodable {
        var scorer: String; var instruction: Int; var pairs: Int; var relevant: Int; var relevantLabel: Int; var bestF1: ThresholdPoint
    }

    struct Reproduction: Encodable {
        var tool: String
        var toolVersion: String
        var baseline: String
        var fusion: String
        var tieBreakRule: String
        var scorers: [ScorerEntry]
        /// Configured scorers that did not run because their model is missing (`optional: true`).
        var notRun: [NotRunScorer]
        /// Every distinct instruction, in order of first use.
        var instructions: [String]
        /// SHA-256 over `path<TAB>sourceHash<LF>` of every case, sorted by path.
        var caseFilesHash: String
        var caseFiles: [CaseFileEntry]
        /// What the TREC run files hold.
        var runFiles: [String: String]
        var runFilesNote: String
    }

    struct ScorerEntry: Encodable { var id: String; var kind: String; var fingerprint: String }
    struct CaseFileEntry: Encodable { var path: String; var slug: String; var sourceHash: String }

    struct CaseEntry: Encodable {
        var slug: String
        var path: String
        var section: [String]
        var title: String
        var tags: [String]
        var draft: Bool
        var query: String
        var rewrites: [String]
        var instructions: [String]
        var hasLabels: Bool
        /// Judged-relevant documents the first stage missed (from an import); metrics' ideal
        /// ranking is over the candidates only.
        var missedRelevant: Int?
        var importedFrom: String?
        var candidates: [CandidateEntry]
        var rankings: [RankingEntry]
    }

    struct CandidateEntry: Encodable {
        var id: String
        var index: Int
        var label: Int?
        var text: String
        var note: String?
    }

    struct RankingEntry: Encodable {
        var scorer: String
        var instruction: String
        var variant: String
        /// Score per candidate, in first-stage order.
        var scores: [Double]
        /// Candidate indices, best first.
        var order: [Int]
        /// 1-based rank per candidate, in first-stage order.
        var ranks: [Int]
        var metrics: RankingMetrics?
        var stats: ScoreStats
        var pairs: [PairScore]
    }

    static func caseFilesHash(_ cases: [CaseResult]) -> String {
        var sha = SHA256()
        for c in cases.sorted(by: { $0.file.path < $1.file.path }) { sha.update("\(c.file.path)\t\(c.file.sourceHash)\n") }
        return sha.hexDigest()
    }

    static func make(_ site: SiteContext) throws -> [UInt8] {
        let results = site.results
        var instructions: [String] = []
        for c in results.cases { for i in site.instructions(of: c) where !instructions.contains(i) { instructions.append(i) } }
        let reproduction = Reproduction(
            tool: "rerank-site",
            toolVersion: results.toolVersion,
            baseline: results.baseline,
            fusion: results.fusion.rawValue,
            tieBreakRule: tieBreakRule,
            scorers: site.scorers.map { ScorerEntry(id: $0, kind: site.kind($0), fingerprint: site.summary($0)?.fingerprint ?? "") },
            notRun: results.notRun,
            instructions: instructions,
            caseFilesHash: caseFilesHash(results.cases),
            caseFiles: results.cases.map { CaseFileEntry(path: $0.file.path, slug: $0.file.slug, sourceHash: $0.file.sourceHash) },
            runFiles: site.runFiles,
            runFilesNote: "one run per scorer: each case's first instruction, original query; qid = case slug, docid = the candidate's id, else c<first-stage index>;"
                + " rank is ours (ties keep first-stage order). " + runFileTieRule)
        let cases = results.cases.map { c in
            CaseEntry(
                slug: c.file.slug, path: c.file.path, section: c.file.section, title: c.file.title, tags: c.file.tags,
                draft: c.file.draft, query: c.file.query, rewrites: c.file.rewrites, instructions: site.instructions(of: c),
                hasLabels: c.file.hasLabels, missedRelevant: c.file.missedRelevant, importedFrom: c.file.importedFrom,
                candidates: c.file.candidates.map { CandidateEntry(id: $0.exportID, index: $0.index, label: $0.label, text: $0.text, note: $0.note) },
                rankings: site.sortedRankings(c).map {
                    RankingEntry(scorer: $0.scorer, instruction: $0.instruction, variant: $0.variant.name, scores: $0.scores,
                                 order: $0.order, ranks: $0.rankOf, metrics: $0.metrics, stats: $0.stats, pairs: $0.pairs)
                })
        }
        let summaries = site.scorers.compactMap { site.summary($0) }
        let checks = Checks(settings: results.checks.settings, parity: results.checks.parity, degenerate: results.checks.degenerate,
                            thresholds: results.checks.thresholds.map {
                                ThresholdEntry(scorer: $0.scorer, instruction: $0.instruction, pairs: $0.pairs, relevant: $0.relevant,
                                               relevantLabel: $0.relevantLabel, bestF1: $0.best)
                            })
        let settings = ResamplingSettings.standard
        let method = "paired over labelled cases against the baseline's first-instruction, original-query ranking;"
            + " interval: bootstrap percentile, \(settings.bootstrapResamples) resamples, SplitMix64 seed \(settings.seed),"
            + " confidence \(settings.confidence); pValue: two-sided sign-flip randomisation test, exact up to"
            + " \(settings.exactUpTo) cases, else \(settings.randomisations) random assignments, p = (hits + 1) / (n + 1)"
        let doc = Document(title: results.title, reproduction: reproduction, summaries: summaries,
                           models: results.cards, checks: checks, comparisons: site.comparisons,
                           comparisonMethod: method, cases: cases)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            var bytes = [UInt8](try encoder.encode(doc))
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        } catch {
            throw SiteRenderError.export(file: SitePaths.resultsJSON, message: "\(error)")
        }
    }
}
