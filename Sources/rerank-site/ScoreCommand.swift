import ArgumentParser
import Encoders
import Foundation
import Kernels
import Qwen3

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score documents against a query with a Qwen3 reranker, an embedding model (cosine) or a cross-encoder, run natively on the CPU.",
        discussion: "The kind of model is read from the folder (see --kind).")

    @OptionGroup var model: ModelOption
    @Option(help: "What the model is: qwen3-reranker, embedding (all-MiniLM, Qwen3-Embedding) or cross-encoder (default: read from the folder's config.json).")
    var kind: ModelKind?
    @Option(help: "The query.")
    var query: String
    @Option(help: "The instruction (default: the official web-search instruction).")
    var instruction: String?
    @Option(help: "Longest input in tokens; the tail is cut to fit (default: 8192 for Qwen3 models, the model's own for BERT and XLM-RoBERTa models).")
    var maxLength: Int?
    @Option(help: "OpenBLAS threads.")
    var threads: Int?
    @Option(help: "Arithmetic of the linear layers of a Qwen3 model: fp32, bf16, or auto (bf16 where the CPU has AVX512-BF16).")
    var precision: PrecisionSetting = .fp32
    @Flag(help: "Print {\"results\":[{index, score, logit, tokens, truncated}]} in input order.")
    var json = false
    @Argument(help: "Documents to score.")
    var documents: [String]

    func validate() throws {
        if documents.isEmpty { throw ValidationError("give at least one document") }
        if let maxLength, maxLength <= 0 { throw ValidationError("--max-length must be positive") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive") }
    }

    func run() async throws {
        let folder = try await model.folder()
        let scores: [RerankScore]
        if let threads { setBLASThreads(threads) }
        switch try kind ?? ModelKind.detect(folder: folder) {
        case .embedding:
            let embedder = try EmbedderLoader.load(folder: folder, maxLength: maxLength, precision: precision)
            let vectors = try embedder.embed([embedder.queryText(instruction: instruction ?? "", query: query)] + documents)
            scores = vectors.dropFirst().map { doc in
                RerankScore(score: cosineSimilarity(vectors[0].vector, doc.vector), logit: .nan, tokens: doc.tokens, truncated: doc.truncated)
            }
        case .crossEncoder:
            let model = try BertCrossEncoder(folder: folder, maxLength: maxLength)
            scores = model.score(query: query, documents: documents).map {
                RerankScore(score: $0.score, logit: $0.logit, tokens: $0.tokens, truncated: $0.truncated)
            }
        case .qwen3Reranker:
            let reranker = try Qwen3Reranker(folder: folder, options: RerankerOptions(maxLength: maxLength ?? 8192, threads: threads,
                                                                                      precision: precision))
            scores = try reranker.score(instruction: instruction ?? "", query: query, documents: documents)
        }
        print(json ? scoresJSON(scores) : scoresTable(scores, documents: documents), terminator: "")
    }
}

/// {"results":[{"index":i,"score":s,"logit":l,"tokens":n,"truncated":b}]} plus a newline
/// (logit null for an embedding model).
func scoresJSON(_ scores: [RerankScore]) -> String {
    func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
    let rows = scores.enumerated().map { i, s in
        "{\"index\":\(i),\"score\":\(number(s.score)),\"logit\":\(number(s.logit)),\"tokens\":\(s.tokens),\"truncated\":\(s.truncated)}"
    }
    return "{\"results\":[" + rows.joined(separator: ",") + "]}\n"
}

/// A readable table in input order: index, score, logit, tokens, a cut mark and the document's start.
func scoresTable(_ scores: [RerankScore], documents: [String]) -> String {
    var out = "  #     score     logit  tokens  document\n"
    for (i, (s, doc)) in zip(scores, documents).enumerated() {
        let flat = doc.split(whereSeparator: \.isNewline).joined(separator: " ")
        let shown = flat.count > 60 ? String(flat.prefix(59)) + "…" : flat
        let cut = s.truncated ? "*" : " "
        out += pad("\(i)", 3) + "  " + pad(String(format: "%.6f", s.score), 8) + "  " + pad(s.logit.isFinite ? String(format: "%+.4f", s.logit) : "-", 8)
            + "  " + pad("\(s.tokens)", 6) + cut + " " + shown + "\n"
    }
    if scores.contains(where: \.truncated) { out += "(* = document cut to fit the max length)\n" }
    return out
}

private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

extension PrecisionSetting: ExpressibleByArgument {}
extension ModelKind: ExpressibleByArgument {}
