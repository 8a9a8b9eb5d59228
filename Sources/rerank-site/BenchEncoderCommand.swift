import ArgumentParser
import Bench
import Encoders
import Foundation
import Kernels

struct BenchEncoderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-encoder",
        abstract: "Measure how fast a native sentence encoder (all-MiniLM-L6-v2 and the like) embeds texts.",
        discussion: """
        Loads a BERT-family model in the sentence-transformers layout, embeds the texts (a JSON array \
        of strings) --repeat times, and reports the fastest run: texts/s, tokens/s, where the time went \
        (tokenizing, embeddings, linear layers, attention, GELU, LayerNorm, pooling) and the linear \
        layers' GFLOP/s against sgemm (or the bf16 kernels) measured in the same process. Loading is \
        not timed. scripts/bench/minilm_speed.py runs it beside sentence-transformers.
        """)

    @Option(help: "The model folder (sentence-transformers layout).")
    var model: String
    @Option(help: "JSON file holding an array of texts to embed.")
    var texts: String
    @Option(help: "Arithmetic of the linear layers: fp32, bf16, or auto (bf16 where the CPU has AVX512-BF16).")
    var precision: PrecisionSetting = .fp32
    @Option(help: "Tokens per text at most, special tokens included (default: the model's max_seq_length).")
    var maxLength: Int?
    @Option(help: "Write the embeddings of the fastest run (a JSON array of arrays, in text order) to this file.")
    var dumpEmbeddings: String?
    @OptionGroup var common: BenchRunOptions

    func validate() throws {
        if let maxLength, maxLength < 2 { throw ValidationError("--max-length must be at least 2") }
    }

    func run() async throws {
        let log = common.start()
        let list = try readTexts()
        let (result, vectors) = try runEncoderBench(folder: URL(fileURLWithPath: model, isDirectory: true), texts: list,
                                                    precision: precision, maxLength: maxLength, repeats: common.repeat, log: log)
        if let dumpEmbeddings {
            let data = try JSONEncoder().encode(vectors.map(\.vector))
            try data.write(to: URL(fileURLWithPath: dumpEmbeddings), options: .atomic)
        }
        try common.emit(result, text: result.text)
    }

    /// --texts as [String]; the message names the file.
    private func readTexts() throws -> [String] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: texts)) } catch {
            throw ValidationError("\(texts): cannot read: \(error.localizedDescription)")
        }
        guard let list = try? JSONDecoder().decode([String].self, from: data) else {
            throw ValidationError("\(texts): expected a JSON array of strings")
        }
        if list.isEmpty { throw ValidationError("\(texts): no texts") }
        return list
    }
}
