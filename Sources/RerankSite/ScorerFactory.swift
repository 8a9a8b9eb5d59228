import Checkpoints
import Checksum
import Encoders
import Foundation
import Hub
import Kernels
import Qwen3
import Remote
import RerankCore

/// A scorer made from configuration, with the instruction that replaces the cases' own, if any.
struct ConfiguredScorer {
    var scorer: Scorer
    var instructionOverride: String?
}

/// Turns checked scorer configurations into scorers. Model folders are resolved here, and pulled
/// only when `pull` (`build --pull` or `pull: true`): a model that is not on this machine throws
/// `MissingModel`. Every option was checked before (`ScorerConfig.checked`).
enum ScorerFactory {
    static func make(_ checked: CheckedScorer, root: URL, environment: [String: String], log: BuildLog,
                     digests: FileDigests = FileDigests(), pull: Bool = false,
                     cases: [CaseFile] = []) async throws -> ConfiguredScorer {
        let config = checked.config
        let scorer: Scorer
        switch checked.spec {
        case .original:
            scorer = OriginalOrderScorer(id: config.id)
        case let .bm25(k1, b):
            scorer = BM25Scorer(id: config.id, k1: k1, b: b)
        case let .qwen3Reranker(model, maxLength, precision):
            let resolved = try await resolveModel(model, scorer: config.id, root: root, environment: environment, log: log,
                                                  pull: pull || checked.pull)
            let identity = try modelFingerprint(folder: resolved.folder, digests: digests)
            var description = ModelDescription(resolved)
            description.facts = try? CheckpointFacts(folder: resolved.folder)
            scorer = Qwen3Scorer(id: config.id, folder: resolved.folder, identity: identity,
                                 options: RerankerOptions(maxLength: maxLength, threads: checked.threads, precision: precision),
                                 model: description,
                                 onLoad: { log.info($0) })
        case let .embedding(model, maxLength, precision):
            let resolved = try await resolveModel(model, scorer: config.id, root: root, environment: environment, log: log,
                                                  pull: pull || checked.pull)
            let files: [String]
            let description: EncoderDescription
            do {
                files = try EmbedderLoader.inputFiles(folder: resolved.folder)
                description = try EmbedderLoader.describe(folder: resolved.folder, maxLength: maxLength, precision: precision)
            } catch {
                throw BuildError(.badInput, step: "model \(config.id)", "\(model.location): scorers.model: \(error)")
            }
            let identity = try modelFingerprint(folder: resolved.folder, files: files, tag: "encoder-model-files/v1", digests: digests)
            scorer = EmbeddingScorer(id: config.id, folder: resolved.folder, identity: identity, maxLength: maxLength,
                                     precision: precision, threads: checked.threads, model: ModelDescription(resolved), description: description, onLoad: { log.info($0) })
        case let .crossEncoder(model, maxLength):
            let resolved = try await resolveModel(model, scorer: config.id, root: root, environment: environment, log: log,
                                                  pull: pull || checked.pull)
            let files: [String]
            let description: EncoderDescription
            do {
                files = try BertCrossEncoder.inputFiles(folder: resolved.folder)
                description = try BertCrossEncoder.describe(folder: resolved.folder, maxLength: maxLength)
            } catch {
                throw BuildError(.badInput, step: "model \(config.id)", "\(model.location): scorers.model: \(error)")
            }
            let identity = try modelFingerprint(folder: resolved.folder, files: files, tag: "cross-encoder-model-files/v1", digests: digests)
            scorer = CrossEncoderScorer(id: config.id, folder: resolved.folder, identity: identity, maxLength: maxLength,
                                        threads: checked.threads, model: ModelDescription(resolved), description: description, onLoad: { log.info($0) })
        case let .run(file, model, missing):
            scorer = try makeRunScorer(id: config.id, file: file, model: model, missing: missing, root: root, cases: cases)
        case let .http(http):
            do { scorer = try await HTTPScorer.connect(id: config.id, config: http, environment: environment) } catch {
                throw BuildError(.badInput, step: "config", "\(config.location): scorers: \(error)")
            }
        }
        // The pipeline sends `instruction:` as each request's instruction, so remote servers receive it too.
        return ConfiguredScorer(scorer: scorer, instructionOverride: checked.instructionOverride)
    }

    /// The folder of a `model:` value: a folder relative to the project (which wins over a hub id
    /// of the same spelling), an absolute folder, a hub id or an alias; downloaded only when `pull`.
    /// A model that is not on this machine throws `MissingModel`.
    static func resolveModel(_ model: ConfigValue, scorer: String, root: URL, environment: [String: String],
                             log: BuildLog, pull: Bool) async throws -> ResolvedModel {
        let local = model.text.hasPrefix("/") ? URL(fileURLWithPath: model.text) : root.appendingPathComponent(model.text)
        var isFolder: ObjCBool = false
        let name = FileManager.default.fileExists(atPath: local.path, isDirectory: &isFolder) && isFolder.boolValue
            ? local.standardizedFileURL.path : model.text
        do {
            return try await ModelResolver.resolve(name, allowDownload: pull, environment: environment,
                                                   progress: { log.progress(ModelListing.progressLine($0, bytesPerSecond: nil)) })
        } catch {
            throw MissingModel(scorer: scorer, model: model.text, location: "\(model.location)", error: error, pullAsked: pull)
        }
    }

    /// Reads the run file and resolves it against the build's cases. Lines naming a case in
    /// `passedOver` (names of case files that have problems of their own) are left out, not called unknown.
    static func makeRunScorer(id: String, file: ConfigValue, model: String, missing: MissingScores, root: URL,
                              cases: [CaseFile], passedOver: Set<String> = []) throws -> RunScorer {
        let read = try readRunFileLines(id: id, file: file, root: root)
        let entries = read.entries.filter { !passedOver.contains($0.caseName) }
        guard read.problems.isEmpty else {
            // The well-formed lines are still matched against the cases (unknown names, duplicates);
            // missing pairs are not counted, since a malformed line may hold one.
            var problems = read.problems
            do {
                _ = try RunScorer(id: id, file: file.text, contentHash: read.contentHash, model: model, entries: entries,
                                  cases: cases, missing: .last)
            } catch let e as BuildError { problems += e.messages }
            throw BuildError(.badInput, step: "run \(id)", messages: problems)
        }
        return try RunScorer(id: id, file: file.text, contentHash: read.contentHash, model: model,
                             entries: entries, cases: cases, missing: missing)
    }

    /// The run file's score lines and content hash; every malformed line in one `BuildError`.
    static func readRunFile(id: String, file: ConfigValue, root: URL) throws -> (entries: [RunEntry], contentHash: String) {
        let read = try readRunFileLines(id: id, file: file, root: root)
        if !read.problems.isEmpty { throw BuildError(.badInput, step: "run \(id)", messages: read.problems) }
        return (read.entries, read.contentHash)
    }

    /// The run file's well-formed score lines, the problems of the others, and its content hash;
    /// a file that cannot be read is a `BuildError`.
    static func readRunFileLines(id: String, file: ConfigValue, root: URL) throws
        -> (entries: [RunEntry], problems: [String], contentHash: String) {
        let url = file.text.hasPrefix("/") ? URL(fileURLWithPath: file.text) : root.appendingPathComponent(file.text)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BuildError(.badInput, step: "run \(id)", "\(file.location): scorers.file: cannot read '\(file.text)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BuildError(.badInput, step: "run \(id)", "\(file.location): scorers.file: '\(file.text)' is not UTF-8 text")
        }
        let parsed = RunFileParser.parse(text, file: file.text)
        return (parsed.entries, parsed.problems, SHA256.hex([UInt8](data)))
    }
}
