import APIServer
import Checkpoints
import Foundation
import XCTest
@testable import RerankSite

/// Model cards, backend parity and degenerate-score warnings in real builds: the random-weight
/// fixture model natively and through `serve-api` as an `http` scorer, and fake servers that give
/// constant scores or ignore the instruction.
final class ModelViewsBuildTests: XCTestCase {
    /// Two labelled cases with two instructions each.
    static let cases: [String: String] = [
        "a.md": """
        ---
        title: Case A
        instructions:
          - Retrieve passages that answer the question
          - Prefer passages about the history of the place
        ---

        ## Query

        where is the old harbour

        ## Candidates

        1. The old harbour lies east of the market square. {rel=2}
        2. Ferries leave from the new terminal every hour. {rel=1}
        3. The bakery sells bread until noon. {rel=0}
        4. Fishing boats moored in the old harbour until 1950. {rel=1}
        """,
        "b.md": """
        ---
        title: Case B
        instructions:
          - Retrieve passages that answer the question
          - Prefer short passages
        ---

        ## Query

        how long do tomatoes take to ripen

        ## Candidates

        1. Tomatoes ripen six to eight weeks after flowering. {rel=3}
        2. Basil grows well beside tomatoes. {rel=0}
        3. Green tomatoes ripen indoors in a paper bag. {rel=2}
        """,
    ]

    func testNativeAndServeAPIOfTheSameModelAgreeAndAreNamedForPeople() async throws {
        // serve-api names the model by its folder, as the http scorer's `model:` does: the same model.
        let (model, server, port) = try await TestProject.servedFixtureModel()
        let config = """
        scorers:
          - original
          - id: local
            kind: qwen3-reranker
            model: \(model.path)
            max_length: 512
          - id: remote
            kind: http
            endpoint: http://127.0.0.1:\(port)/v1/rerank?token=abc
            model: \(model.lastPathComponent)
        """
        let project = try TestProject(config: config, cases: Self.cases)
        defer { project.remove() }
        let first: BuildReport, second: BuildReport
        let firstIndex: String
        do {
            first = try await project.build()
            firstIndex = try project.text("index.html")
            second = try await project.build()
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        XCTAssertEqual(first.warnings, [])
        XCTAssertEqual(second.scored, 0)
        let index = try project.text("index.html")
        // A rebuild from the same cache writes the same page, card dates included.
        XCTAssertEqual(index, firstIndex)

        // Model cards: the folder's name, what its weights are, how it ran; the server's host only.
        let facts = try CheckpointFacts(folder: model)
        XCTAssertEqual(facts.dtypes, ["BF16"])
        XCTAssertTrue(index.contains("<p class=\"model-name\" dir=\"auto\">\(model.lastPathComponent)</p>"))
        XCTAssertTrue(index.contains("(\(groupedDigitsForTest(facts.parameters)))"), "parameter count")
        XCTAssertTrue(index.contains("<dt>Stored as</dt><dd dir=\"auto\">BF16</dd>"))
        XCTAssertTrue(index.contains("<dt>Computed in</dt><dd dir=\"auto\">fp32</dd>"))
        XCTAssertTrue(index.contains("<dt>Max length</dt><dd dir=\"auto\">512 tokens"))
        XCTAssertTrue(index.contains("<dt>Server</dt><dd dir=\"auto\">127.0.0.1:\(port)</dd>"))
        let models = index.components(separatedBy: "<section id=\"models\"").last?.components(separatedBy: "</section>").first ?? ""
        XCTAssertFalse(models.contains("token=abc"))
        XCTAssertFalse(models.contains("/v1/rerank"))
        let today = utcDay(Date().timeIntervalSince1970)
        XCTAssertTrue(index.contains("<dt>Scores computed</dt><dd dir=\"auto\">\(today)"))

        // Parity: found from the model both name, within the default tolerance, the same order.
        XCTAssertTrue(index.contains("id=\"parity-local-remote\""))
        XCTAssertTrue(index.contains("both run \(model.lastPathComponent)"))
        XCTAssertTrue(index.contains("They agree within the tolerance."))
        XCTAssertTrue(index.contains("<dt>Pairs compared</dt><dd>14 in 4 case rankings</dd>"))
        XCTAssertTrue(index.contains("<dt>Pairs in another order</dt><dd>0</dd>"))
        XCTAssertTrue(index.contains("<table class=\"thresholds\">"))
        XCTAssertFalse(try project.text("cases/a.html").contains("warning-box"))
    }

    func testConstantAndInstructionBlindServersAreWarnedAbout() async throws {
        let flat = APIServer(engine: FakeEngine(modelName: "flat", mode: .constant), config: APIServerConfig(port: 0), log: { _ in })
        let blind = APIServer(engine: FakeEngine(modelName: "blind", mode: .ignoresInstruction), config: APIServerConfig(port: 0), log: { _ in })
        let flatPort = try await flat.start()
        let blindPort = try await blind.start()
        let config = """
        scorers:
          - original
          - id: flat
            kind: http
            endpoint: http://127.0.0.1:\(flatPort)/v1/rerank
          - id: blind
            kind: http
            endpoint: http://127.0.0.1:\(blindPort)/v1/rerank
        """
        let project = try TestProject(config: config, cases: Self.cases)
        defer { project.remove() }
        var report: BuildReport?
        var strictError: Error?
        do {
            report = try await project.build()
            do { _ = try await project.build(strict: true) } catch { strictError = error }
        } catch {
            await flat.shutdown(); await blind.shutdown()
            throw error
        }
        await flat.shutdown(); await blind.shutdown()
        let warnings = report?.warnings ?? []
        XCTAssertEqual(warnings, [
            "flat gives every candidate (nearly) the same score in 2 of 2 cases; its ranking there is the first-stage order: a, b",
            "blind gives the same scores under different instructions in 2 of 2 cases: the instruction does not reach the model "
                + "(llama-server ignores it; vLLM needs the reranker's chat template): a, b",
        ])
        XCTAssertTrue("\(strictError.map { "\($0)" } ?? "")".contains("warning treated as error: blind gives the same scores"))
        let index = try project.text("index.html")
        XCTAssertTrue(index.contains("<span class=\"scorer-id\">flat</span> gives every candidate (nearly) the same score"))
        XCTAssertTrue(index.contains("<span class=\"scorer-id\">blind</span> gives the same scores under different instructions"))
        let page = try project.text("cases/b.html")
        XCTAssertTrue(page.contains("<aside class=\"warning-box\""))
        XCTAssertTrue(page.contains("<span class=\"scorer-id\">blind</span> gives the same scores under every instruction"))
        // Its panels stay under instruction 2: it was not meant to ignore the instruction.
        XCTAssertTrue(page.contains("id=\"i2-blind\""))
        XCTAssertFalse(page.contains("<span class=\"scorer-id\">blind</span>: the same scores as with"))
    }

    func testCheckSettingsAndParityKeysAreChecked() throws {
        let yaml = """
        checks:
          parity_tolerance: -1
          min_score_std: lots
          relevant_label: 0
          colour: red
        scorers:
          - original
          - id: bm25
            kind: bm25
            parity: nosuch
        """
        XCTAssertThrowsError(try SiteConfig.parse(yaml: yaml, file: "rerank-site.yml", root: URL(fileURLWithPath: "/tmp"))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("rerank-site.yml:2:21: checks.parity_tolerance: must be a number ≥ 0, got '-1'"), text)
            XCTAssertTrue(text.contains("rerank-site.yml:3:18: checks.min_score_std: must be a number ≥ 0, got 'lots'"), text)
            XCTAssertTrue(text.contains("rerank-site.yml:4:19: checks.relevant_label: must be a whole number ≥ 1, got '0'"), text)
            XCTAssertTrue(text.contains("rerank-site.yml:5:3: checks.colour: unknown setting 'colour'"), text)
            XCTAssertTrue(text.contains("rerank-site.yml:10:13: scorers.parity: no other scorer has the id 'nosuch'"), text)
        }
        let good = try SiteConfig.parse(yaml: """
        checks:
          parity_tolerance: 0.05
          min_score_std: 1e-4
          relevant_label: 2
        """, file: "rerank-site.yml", root: URL(fileURLWithPath: "/tmp"))
        XCTAssertEqual(good.checks.parityTolerance, 0.05)
        XCTAssertEqual(good.checks.minScoreStd, 1e-4)
        XCTAssertEqual(good.checks.relevantLabel, 2)
    }
}

private func groupedDigitsForTest(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (i, ch) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return out
}

/// A rerank engine that misbehaves the way real servers do.
struct FakeEngine: RerankEngine {
    enum Mode: Sendable { case constant, ignoresInstruction }
    let modelName: String
    let mode: Mode

    func score(instruction: String?, query: String, documents: [String]) async throws -> [EngineScore] {
        documents.map { document in
            switch mode {
            case .constant:
                return EngineScore(score: 0.5, tokens: 1)
            case .ignoresInstruction:
                let sum = (query + document).unicodeScalars.reduce(0) { $0 + Int($1.value) }
                return EngineScore(score: Double(sum % 997) / 997, tokens: 1)
            }
        }
    }

    func estimateTokens(instruction: String?, query: String, document: String) -> Int { 1 }
}
