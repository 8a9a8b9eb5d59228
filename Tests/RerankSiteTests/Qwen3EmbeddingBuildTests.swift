import Foundation
import XCTest
import Encoders
import Qwen3
import RerankCore
@testable import RerankSite

/// `kind: embedding` with a Qwen3-Embedding folder (the random-weight fixture): scores are the
/// cosines of `Qwen3Embedder`'s vectors for the instructed query and each candidate, they are
/// cached, the precision is part of the fingerprint, and the model card carries the model's facts.
final class Qwen3EmbeddingBuildTests: XCTestCase {
    private static func folder(_ name: String = "embed-bf16") throws -> URL {
        try TestProject.fixture("qwen3-embedding/\(name)", madeBy: "qwen3-embedding.sh")
    }

    func testScoresAreCosinesOfTheInstructedQueryAndCached() async throws {
        let folder = try Self.folder()
        let config = baselineConfig + "\n  - id: qemb\n    kind: embedding\n    model: \(folder.path)\n"
        let project = try TestProject(config: config, cases: twoCases)
        defer { project.remove() }
        let first = try await project.build()
        XCTAssertEqual(first.scored, first.pairs)

        let embedder = try Qwen3Embedder(folder: folder)
        let json = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8)) as? [String: Any]
        var compared = 0, worst = 0.0
        var instructions = Set<String>()
        for item in json?["cases"] as? [[String: Any]] ?? [] {
            let query = item["query"] as? String ?? ""
            let candidates = (item["candidates"] as? [[String: Any]] ?? []).map { $0["text"] as? String ?? "" }
            let docs = try embedder.embed(candidates)
            for ranking in item["rankings"] as? [[String: Any]] ?? []
            where ranking["scorer"] as? String == "qemb" && ranking["variant"] as? String == "query" {
                let instruction = ranking["instruction"] as? String ?? ""
                instructions.insert(instruction)
                let q = try embedder.embed([Qwen3Embedder.queryText(instruction: instruction, query: query)])[0]
                for (doc, score) in zip(docs, ranking["scores"] as? [Double] ?? []) {
                    worst = max(worst, abs(score - cosineSimilarity(q.vector, doc.vector)))
                    compared += 1
                }
            }
        }
        print("build with Qwen3-Embedding vs Qwen3Embedder directly: \(compared) pairs, max |Δ cosine| = \(worst)")
        XCTAssertGreaterThanOrEqual(compared, 6)
        XCTAssertGreaterThanOrEqual(instructions.count, 2, "the case's own instruction and the default one")
        XCTAssertLessThan(worst, 1e-5)

        // The model card: the folder's name, the checkpoint's facts, the precision, pooling and query format.
        let cards = json?["models"] as? [[String: Any]] ?? []
        let card = try XCTUnwrap(cards.first { $0["id"] as? String == "qemb" }, "no card for qemb in results.json")
        XCTAssertEqual(card["name"] as? String, "embed-bf16")
        XCTAssertEqual(card["storedDType"] as? String, "BF16")
        XCTAssertEqual(card["precision"] as? String, "fp32")
        XCTAssertEqual(card["maxLength"] as? Int, 8192)
        XCTAssertGreaterThan(card["parameters"] as? Int ?? 0, 151_669 * 64)
        XCTAssertTrue((card["architecture"] as? String ?? "").contains("Qwen3 decoder, 2 layers, 64 wide"), "\(card)")
        XCTAssertTrue((card["queryFormat"] as? String ?? "").contains(#"Instruct: {instruction}\nQuery:{query}"#), "\(card)")
        XCTAssertTrue((card["scoring"] as? String ?? "").contains("last token"), "\(card)")

        let second = try await project.build()
        XCTAssertEqual(second.scored, 0)
        // Another precision is another fingerprint: the cache is not reused for bf16 vectors.
        try project.write("rerank-site.yml", config + "    precision: bf16\n")
        let bf16 = try await project.build()
        XCTAssertGreaterThan(bf16.scored, 0, "bf16 vectors are not fp32 ones: the qemb pairs are scored again")
        let third = try await project.build()
        XCTAssertEqual(third.scored, 0)
    }

    func testAWrongPoolingIsAMessage() async throws {
        let project = try TestProject(config: baselineConfig, cases: twoCases)
        defer { project.remove() }

        // A Qwen3 folder whose sentence-transformers layout says mean pooling is refused, naming the file.
        let copy = project.root.appendingPathComponent("meanpooled")
        try FileManager.default.copyItem(at: try Self.folder("embed-f32"), to: copy)
        let pooling = copy.appendingPathComponent("1_Pooling/config.json")
        let text = try String(contentsOf: pooling, encoding: .utf8)
            .replacingOccurrences(of: "\"pooling_mode_lasttoken\": true", with: "\"pooling_mode_lasttoken\": false")
            .replacingOccurrences(of: "\"pooling_mode_mean_tokens\": false", with: "\"pooling_mode_mean_tokens\": true")
        try text.write(to: pooling, atomically: true, encoding: .utf8)
        try project.write("rerank-site.yml", baselineConfig + "\n  - id: e\n    kind: embedding\n    model: meanpooled\n")
        if let error = await project.buildError("mean pooling on a Qwen3 model must fail") {
            XCTAssertTrue(error.description.contains("modules.json"), error.description)
            XCTAssertTrue(error.description.contains("pooling_mode_lasttoken"), error.description)
        }
    }

    /// The alias is known, and like the reranker's is never downloaded unless asked.
    func testTheAliasIsNotPulledUnlessAsked() async throws {
        let project = try TestProject(config: baselineConfig + "\n  - id: qemb\n    kind: embedding\n    model: qwen3-embedding-0.6b\n    optional: true\n",
                                      cases: twoCases)
        defer { project.remove() }
        let env = ["HOME": project.root.path, "HF_HUB_CACHE": project.root.appendingPathComponent("hub").path,
                   "HF_ENDPOINT": "http://127.0.0.1:9"]
        let report = try await SiteBuilder.build(BuildOptions(workingDirectory: project.root), log: BuildLog(isTerminal: false), environment: env)
        let warning = try XCTUnwrap(report.warnings.first)
        XCTAssertTrue(warning.contains("scorer qemb not run"), warning)
        XCTAssertTrue(warning.contains("Qwen/Qwen3-Embedding-0.6B"), warning)
        XCTAssertTrue(warning.contains("`rerank-site models pull qwen3-embedding-0.6b`"), warning)
        XCTAssertFalse(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("hub/models--Qwen--Qwen3-Embedding-0.6B").path))
    }

    func testAWrongPrecisionIsAConfigProblem() async throws {
        let project = try TestProject(config: baselineConfig + "\n  - id: qemb\n    kind: embedding\n    model: x\n    precision: fp16\n",
                                      cases: twoCases)
        defer { project.remove() }
        if let error = await project.buildError("fp16 is no precision") {
            XCTAssertTrue(error.description.contains("rerank-site.yml:8:16: scorers.precision: unknown precision 'fp16': expected auto, fp32 or bf16"),
                          error.description)
        }
    }

    /// `rerank-site score` as a process: the kind read from the folder (Qwen3-Embedding, a
    /// cross-encoder) or given with --kind, the scores those of the models themselves.
    func testScoreCommandRunsEveryKind() throws {
        func score(_ arguments: [String]) throws -> [Double] {
            let process = Process()
            process.executableURL = try BuildProcess.binary()
            process.arguments = ["score", "--json"] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(arguments)")
            struct Out: Decodable { struct R: Decodable { let score: Double }; let results: [R] }
            return try JSONDecoder().decode(Out.self, from: data).results.map(\.score)
        }
        let documents = ["Coral reefs grow in warm water.", "北京是首都。"]
        let folder = try Self.folder("embed-f32")
        let embedder = try Qwen3Embedder(folder: folder)
        let vectors = try embedder.embed([Qwen3Embedder.queryText(instruction: "Find reefs", query: "reef?")] + documents)
        let got = try score(["--model", folder.path, "--query", "reef?", "--instruction", "Find reefs"] + documents)
        XCTAssertEqual(got.count, 2)
        for (g, doc) in zip(got, vectors.dropFirst()) { XCTAssertEqual(g, cosineSimilarity(vectors[0].vector, doc.vector), accuracy: 1e-6) }

        let cross = try TestProject.crossEncoder()
        let want = try BertCrossEncoder(folder: cross).score(query: "reef?", documents: documents).map(\.score)
        for arguments in [["--model", cross.path], ["--model", cross.path, "--kind", "cross-encoder"]] {
            let scores = try score(arguments + ["--query", "reef?"] + documents)
            for (g, w) in zip(scores, want) { XCTAssertEqual(g, w, accuracy: 1e-9) }
        }
    }

    func testKindDetection() throws {
        XCTAssertEqual(try ModelKind.detect(folder: Self.folder()), .embedding)
        XCTAssertEqual(try ModelKind.detect(folder: TestProject.fixtureModel()), .qwen3Reranker)
        XCTAssertEqual(try ModelKind.detect(folder: TestProject.crossEncoder()), .crossEncoder)
        XCTAssertEqual(try ModelKind.detect(folder: TestProject.miniLM()), .embedding)

        // A plain transformers folder (no sentence-transformers files, a neutral name): the
        // architectures decide; Qwen3ForCausalLM stays a reranker, Qwen3Model is an embedding model.
        let scratch = try temporaryFolder("kind").appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let config = scratch.appendingPathComponent("config.json")
        try #"{"model_type": "qwen3", "architectures": ["Qwen3ForCausalLM"]}"#.write(to: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try ModelKind.detect(folder: scratch), .qwen3Reranker)
        try #"{"model_type": "qwen3", "architectures": ["Qwen3Model"]}"#.write(to: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try ModelKind.detect(folder: scratch), .embedding)
        try #"{"model_type": "llama"}"#.write(to: config, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ModelKind.detect(folder: scratch)) { error in
            XCTAssertTrue("\(error)".contains("model_type: 'llama' is not a model this tool runs"), "\(error)")
        }
    }
}
