import ArgumentParser
import Bench
import Foundation
import Kernels
import Qwen3

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure native reranking speed on a random-weight model of the real Qwen3-Reranker shape.",
        discussion: """
        Writes (once, into a cache folder) a Qwen3-Reranker model of the chosen size with random bf16 \
        weights and the real tokenizer, scores 16 queries × 20 candidates of mixed Chinese and English \
        text, and reports pairs/s, prompt tokens/s, the linear layers' GFLOP/s against the sgemm ceiling \
        measured in the same process, load time and peak memory. Needs no download.
        """)

    @Option(help: "Model size to generate: 0.6b, 4b, 8b or tiny.")
    var size = "0.6b"
    @Option(help: "Bench this model folder instead of a generated one.")
    var model: String?
    @Option(help: "tokenizer.json to put in the generated model (default: fixtures-generated/tokenizer/qwen3/tokenizer.json).")
    var tokenizer: String?
    @Option(help: "Where generated models are kept (default: ~/.cache/rerank-site/bench).")
    var cacheDir: String?
    @Option(help: "Seed of the random weights.")
    var seed: UInt64 = 1
    @Option(help: "How the random weights are drawn: uniform (unit variance per fan-in; each layer adds as much as the residual stream holds) or hf (transformers' own init: normal, std 0.02, norm weights 1).")
    var `init`: WeightInit = .uniform
    @Option(help: "Score the workload in this JSON file instead of generating one.")
    var workload: String?
    @Option(help: "Write the workload as JSON to this file.")
    var dumpWorkload: String?
    @Option(help: "Write the scores (one array per query, in workload order) as JSON to this file.")
    var dumpScores: String?
    @Option(help: "Write the logits (yes − no at the last token; one array per query, in workload order) as JSON to this file.")
    var dumpLogits: String?
    @Option(help: "Queries in the generated workload.")
    var queries = WorkloadSpec.standard.queries
    @Option(help: "Candidates per query in the generated workload.")
    var candidates = WorkloadSpec.standard.candidates
    @Option(help: "How the generated documents' lengths are drawn: uniform (mean 160 over 20–300) or log-uniform (mean about 103 over 20–300, mostly short).")
    var lengths: LengthDistribution = .uniform
    @Option(help: ArgumentHelp("Token range of the generated documents (default 20-300; the issue's 48-pair workload: 20-250 with --lengths log-uniform).", valueName: "min-max"))
    var documentRange: String?
    @Option(help: "Arithmetic of the linear layers: fp32, bf16, or auto (bf16 where the CPU has AVX512-BF16).")
    var precision: PrecisionSetting = .fp32
    @Option(help: "Most token rows per pass through the layers.")
    var batchRows = RerankerOptions().batchRows
    @Option(help: ArgumentHelp("Instead of the workload, sweep document lengths: tokens/s and peak memory per length (e.g. 512,2048,8192).", valueName: "tokens,..."))
    var docTokens: String?
    @Option(help: "With --doc-tokens: document tokens per length (as many documents of the length as fit, at least one).")
    var tokensPerLength = 8192
    @Flag(help: "Also score with the plain path (one prompt at a time, nothing shared) and print the largest score difference.")
    var check = false
    @OptionGroup var common: BenchRunOptions

    func validate() throws {
        if model == nil, BenchModelShape.named(size) == nil { throw ValidationError("--size must be 0.6b, 4b, 8b or tiny") }
        if queries <= 0 || candidates <= 0 { throw ValidationError("--queries and --candidates must be positive") }
        if batchRows <= 0 { throw ValidationError("--batch-rows must be positive") }
        _ = try documentTokenRange()
        if docTokens != nil {
            if try documentLengths().isEmpty { throw ValidationError("--doc-tokens needs at least one length") }
            if tokensPerLength <= 0 { throw ValidationError("--tokens-per-length must be positive") }
            if check || workload != nil || dumpWorkload != nil || dumpScores != nil || dumpLogits != nil {
                throw ValidationError("--doc-tokens runs its own workload: leave out --check, --workload, --dump-workload, --dump-scores and --dump-logits")
            }
        }
    }

    /// Longest prompt the model takes (Qwen3's 32K context).
    static let longestDocument = 32_000

    /// --document-range as a token range (the standard one when not given).
    private func documentTokenRange() throws -> ClosedRange<Int> {
        guard let documentRange else { return WorkloadSpec.standard.documentTokens }
        let parts = documentRange.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low >= 1, low <= high,
              high <= BenchCommand.longestDocument else {
            throw ValidationError("--document-range: '\(documentRange)' is not MIN-MAX tokens with 1 ≤ MIN ≤ MAX ≤ \(BenchCommand.longestDocument)")
        }
        return low...high
    }

    /// --doc-tokens as ascending lengths.
    private func documentLengths() throws -> [Int] {
        guard let docTokens else { return [] }
        var lengths: [Int] = []
        for item in docTokens.split(separator: ",", omittingEmptySubsequences: false) {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let n = Int(text), n > 0, n <= BenchCommand.longestDocument else {
                throw ValidationError("--doc-tokens: '\(text)' is not a length between 1 and \(BenchCommand.longestDocument) tokens")
            }
            lengths.append(n)
        }
        return Array(Set(lengths)).sorted()
    }

    func run() async throws {
        let log = common.start()

        let folder: URL, shapeName: String
        if let model {
            folder = URL(fileURLWithPath: model, isDirectory: true)
            shapeName = folder.lastPathComponent
        } else {
            guard let shape = BenchModelShape.named(size) else { throw ValidationError("unknown --size \(size)") }
            let cache = cacheDir.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? RandomModel.defaultCacheRoot
            folder = try RandomModel.ensure(shape: shape, seed: seed, init: `init`, tokenizer: try resolveTokenizer(),
                                            cacheRoot: cache) {
                FileHandle.standardError.write(Data(($0 + "\n").utf8))
            }
            shapeName = "\(shape.name), random bf16 weights" + (`init` == .uniform ? "" : " (\(`init`.rawValue) init)")
        }
        log("loading \(folder.path)")
        let sweep = try documentLengths()
        var options = RerankerOptions(threads: common.threads, batchRows: batchRows, precision: precision)
        // Long documents must fit whole: room for the template, instruction and query beside them.
        if let longest = sweep.last { options.maxLength = max(options.maxLength, longest + 1024) }
        let runner = try BenchRunner(folder: folder, settings: BenchSettings(reranker: options, repeats: common.repeat))
        if !sweep.isEmpty {
            let sweep = try runner.sweepLengths(sweep, tokensPerLength: tokensPerLength, shapeName: shapeName, log: log)
            try common.emit(sweep, text: sweep.text)
            return
        }
        var spec = WorkloadSpec.standard
        spec.queries = queries
        spec.candidates = candidates
        spec.documentLengths = lengths
        spec.documentTokens = try documentTokenRange()
        let pairs = try workload.map { try Workload.load(from: URL(fileURLWithPath: $0)) } ?? runner.makeWorkload(spec)
        if let dumpWorkload {
            try pairs.jsonData().write(to: URL(fileURLWithPath: dumpWorkload))
            log("wrote the workload to \(dumpWorkload)")
        }
        let (result, scores) = try runner.run(pairs, named: workload ?? spec.summary, shapeName: shapeName, log: log)
        if let dumpScores {
            let data = try JSONEncoder().encode(scores.map { $0.map(\.score) })
            try data.write(to: URL(fileURLWithPath: dumpScores))
        }
        if let dumpLogits {
            let data = try JSONEncoder().encode(scores.map { $0.map(\.logit) })
            try data.write(to: URL(fileURLWithPath: dumpLogits))
        }
        var checkLine = ""
        var maxDifference: Double?
        if check {
            log("scoring with the plain path")
            var worst = 0.0
            for (q, fast) in zip(pairs.queries, scores) {
                let plain = try runner.reranker.scorePlain(instruction: q.instruction, query: q.query, documents: q.documents)
                for (a, b) in zip(fast, plain) { worst = max(worst, abs(a.score - b.score)) }
            }
            maxDifference = worst
            checkLine = "check            max |score fast − score plain| = \(worst)\n"
        }
        try common.emit(BenchReport(result: result, maxScoreDifference: maxDifference), text: result.text + checkLine)
    }

    /// --tokenizer, else the tokenizer fixtures' tokenizer.json under the current folder.
    private func resolveTokenizer() throws -> URL {
        if let tokenizer {
            guard FileManager.default.fileExists(atPath: tokenizer) else {
                throw ValidationError("--tokenizer \(tokenizer) does not exist")
            }
            return URL(fileURLWithPath: tokenizer)
        }
        for candidate in ["fixtures-generated/tokenizer/qwen3/tokenizer.json", "fixtures-generated/engine/tokenizer/tokenizer.json"]
            where FileManager.default.fileExists(atPath: candidate) {
            return URL(fileURLWithPath: candidate)
        }
        throw ValidationError("""
            no tokenizer.json: pass --tokenizer PATH (a Qwen3 tokenizer.json), or run \
            scripts/fixtures/tokenizer.sh in the repository and run bench from its root \
            (it writes fixtures-generated/tokenizer/qwen3/tokenizer.json)
            """)
    }
}

/// The JSON `bench --json` prints: the result's fields plus derived fractions.
struct BenchReport: Encodable {
    let result: BenchResult
    let maxScoreDifference: Double?
    enum CodingKeys: String, CodingKey { case result, linearFractionOfCeiling, tokensFractionOfCeiling, maxScoreDifference }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(result, forKey: .result)
        try c.encode(result.linearFractionOfCeiling, forKey: .linearFractionOfCeiling)
        try c.encode(result.tokensFractionOfCeiling, forKey: .tokensFractionOfCeiling)
        try c.encodeIfPresent(maxScoreDifference, forKey: .maxScoreDifference)
    }
}

extension LengthDistribution: ExpressibleByArgument {}
extension WeightInit: ExpressibleByArgument {}
