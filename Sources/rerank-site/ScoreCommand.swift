import ArgumentParser
import Foundation
import Kernels
import Qwen3

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score documents against a query with a Qwen3 reranker run natively on the CPU.")

    @OptionGroup var model: ModelOption
    @Option(help: "The query.")
    var query: String
    @Option(help: "The instruction (default: the official web-search instruction).")
    var instruction: String?
    @Option(help: "Longest prompt in tokens; the document's tail is cut to fit.")
    var maxLength: Int = 8192
    @Option(help: "OpenBLAS threads.")
    var threads: Int?
    @Option(help: "Arithmetic of the linear layers: fp32, bf16, or auto (bf16 where the CPU has AVX512-BF16).")
    var precision: PrecisionSetting = .fp32
    @Flag(help: "Print {\"results\":[{index, score, logit, tokens, truncated}]} in input order.")
    var json = false
    @Argument(help: "Documents to score.")
    var documents: [String]

    func validate() throws {
        if documents.isEmpty { throw ValidationError("give at least one document") }
        if maxLength <= 0 { throw ValidationError("--max-length must be positive") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive") }
    }

    func run() async throws {
        let reranker = try Qwen3Reranker(folder: await model.folder(),
                                         options: RerankerOptions(maxLength: maxLength, threads: threads, precision: precision))
        let scores = try reranker.score(instruction: instruction ?? "", query: query, documents: documents)
        print(json ? scoresJSON(scores) : scoresTable(scores, documents: documents), terminator: "")
    }
}

/// {"results":[{"index":i,"score":s,"logit":l,"tokens":n,"truncated":b}]} plus a newline.
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
        out += pad("\(i)", 3) + "  " + pad(String(format: "%.6f", s.score), 8) + "  " + pad(String(format: "%+.4f", s.logit), 8)
            + "  " + pad("\(s.tokens)", 6) + cut + " " + shown + "\n"
    }
    if scores.contains(where: \.truncated) { out += "(* = document cut to fit the max length)\n" }
    return out
}

private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

extension PrecisionSetting: ExpressibleByArgument {}
