import APIServer
import Foundation
import XCTest
@testable import RerankSite

/// Issue 11's "done when", on the small random-weight test model: a project scored natively and
/// through `serve-api` (the same model, on loopback, as an `http` scorer), beside a server that has
/// lost its model. The matrix, the per-instruction summaries with their intervals, the model cards,
/// parity over every instruction slot and variant (native and http agree to float rounding), the
/// degenerate-score warning and the per-slot thresholds all appear, and a rebuild is byte-identical.
final class ShowcaseDoneWhenTests: XCTestCase {
    static let cases: [String: String] = [
        "places/harbour.md": """
        ---
        title: Where is the old harbour?
        instructions:
          - Retrieve passages that answer the question
          - Prefer passages about the history of the place
        ---

        ## Query

        where is the old harbour

        ## Rewrites

        - location of the historic port

        ## Candidates

        1. The old harbour lies east of the market square. {rel=2}
        2. Ferries leave from the new terminal every hour. {rel=1}
        3. The bakery sells bread until noon. {rel=0}
        4. Fishing boats moored in the old harbour until 1950. {rel=1}
        """,
        "garden/tomatoes.md": """
        ---
        title: How long do tomatoes take to ripen?
        instructions:
          - Retrieve passages that answer the question
          - Prefer short passages
        ---

        ## Query

        how long do tomatoes take to ripen

        ## Rewrites

        - tomato ripening time

        ## Candidates

        1. Tomatoes ripen six to eight weeks after flowering. {rel=3}
        2. Basil grows well beside tomatoes. {rel=0}
        3. Green tomatoes ripen indoors in a paper bag. {rel=2}
        """,
        "garden/basil.md": """
        ---
        title: Basil in winter
        ---

        ## Query

        can basil survive winter outdoors

        ## Candidates

        1. Basil is killed by the first frost. {rel=2}
        2. Rosemary survives mild winters outdoors. {rel=0}
        3. Bring potted basil indoors before nights drop below 10 °C. {rel=1}
        """,
    ]

    func testRandomWeightModelNativelyAndThroughServeAPI() async throws {
        let (model, native, port) = try await TestProject.servedFixtureModel()
        let flat = APIServer(engine: FakeEngine(modelName: "flat", mode: .constant), config: APIServerConfig(port: 0), log: { _ in })
        let flatPort = try await flat.start()
        let project = try TestProject(config: """
            title: Random-weight showcase
            scorers:
              - original
              - bm25
              - id: local
                kind: qwen3-reranker
                model: \(model.path)
                max_length: 512
              - id: remote
                kind: http
                endpoint: http://127.0.0.1:\(port)/v1/rerank
                model: \(model.lastPathComponent)
              - id: flat
                kind: http
                endpoint: http://127.0.0.1:\(flatPort)/v1/rerank
            """, cases: Self.cases)
        defer { project.remove() }
        let report: BuildReport, rebuilt: BuildReport
        let firstFiles: [String: Data]
        do {
            report = try await project.build()
            firstFiles = try project.siteFiles()
            rebuilt = try await project.build()
        } catch {
            await native.shutdown(); await flat.shutdown()
            throw error
        }
        await native.shutdown(); await flat.shutdown()

        // Degenerate warning: only the server that lost its model (parity holds, so no parity warning).
        XCTAssertEqual(report.warnings, ["flat gives every candidate (nearly) the same score in 3 of 3 cases; "
            + "its ranking there is the first-stage order: garden/basil, garden/tomatoes, places/harbour"])
        XCTAssertEqual(rebuilt.scored, 0)
        XCTAssertEqual(try project.siteFiles(), firstFiles, "a rebuild from the cache writes the same bytes")

        let index = try project.text("index.html")
        let page = try project.text("cases/places/harbour.html")
        // The matrix: a column per scorer × instruction × variant.
        XCTAssertTrue(page.contains("<table class=\"matrix\""))
        for head in ["instruction 2", "rewrite 1", "fused (max)"] { XCTAssertTrue(page.contains(head), head) }
        // Summaries per instruction slot and variant, each with its interval and p-value in a sentence.
        for id in ["cmp-local-i1-query", "cmp-local-i2-query", "cmp-local-i2-fused-max", "cmp-remote-i2-query"] {
            XCTAssertTrue(index.contains("id=\"\(id)\""), id)
        }
        let sentence = try NSRegularExpression(pattern: "With 3 cases, local vs original on NDCG@10: [−+±]\\d\\.\\d{3} \\[[−+±]\\d\\.\\d{3}, [−+±]\\d\\.\\d{3}\\], p = \\d\\.\\d\\d")
        XCTAssertEqual(sentence.numberOfMatches(in: index, range: NSRange(index.startIndex..., in: index)), 1)
        // Model cards: the model for people, the server's host.
        let local = ScorerCardBuildTests.cardFacts(index, scorer: "local")
        XCTAssertEqual(local["Model"], model.lastPathComponent)
        XCTAssertEqual(local["Computed in"], "fp32")
        let remote = ScorerCardBuildTests.cardFacts(index, scorer: "remote")
        XCTAssertEqual(remote["Server"], "127.0.0.1:\(port)")
        XCTAssertEqual(remote["Input"], "each case&#39;s instruction is sent in the request&#39;s instruction field")

        // Parity over every ranking both made: native and http agree to float rounding.
        let json = try JSONSerialization.jsonObject(with: Data(try project.text("data/results.json").utf8)) as? [String: Any]
        let checks = try XCTUnwrap(json?["checks"] as? [String: Any])
        let parity = try XCTUnwrap((checks["parity"] as? [[String: Any]])?.first)
        XCTAssertEqual(parity["first"] as? String, "local")
        XCTAssertEqual(parity["second"] as? String, "remote")
        let maxDelta = try XCTUnwrap(parity["maxAbsDelta"] as? Double)
        print("native vs serve-api over every instruction slot and variant: max |Δscore| = \(maxDelta)")
        XCTAssertLessThan(maxDelta, 1e-5)
        let rankings = (parity["cases"] as? [[String: Any]] ?? []).map { "\($0["instruction"] ?? "")/\($0["variant"] ?? "")" }
        XCTAssertEqual(Set(rankings), ["1/query", "1/rewrite-1", "1/fused-max", "2/query", "2/rewrite-1", "2/fused-max"])
        XCTAssertEqual(rankings.count, 13, "3 + 2 + 2 case rankings under instruction 1, 2 + 2 + 2 under instruction 2")
        XCTAssertTrue(index.contains("<table class=\"parity-groups\">"))
        XCTAssertTrue(index.contains("<dt>Pairs in another order</dt><dd>0</dd>"))
        XCTAssertTrue(index.contains("They agree within the tolerance."))
        // Thresholds: a curve per instruction slot for the scorers that read the instruction.
        let curves = (checks["thresholds"] as? [[String: Any]] ?? []).map { "\($0["scorer"] ?? "")@\($0["instruction"] ?? "")" }
        XCTAssertEqual(curves, ["original@1", "bm25@1", "local@1", "local@2", "remote@1", "remote@2", "flat@1", "flat@2"])
        XCTAssertTrue(index.contains("<th scope=\"col\" class=\"num\">Instruction</th>"))
        XCTAssertTrue(index.contains("id=\"threshold-local-i2\""))
        // The degenerate warning on the index and on the case pages.
        XCTAssertTrue(index.contains("<span class=\"scorer-id\">flat</span> gives every candidate (nearly) the same score"))
        XCTAssertTrue(page.contains("<aside class=\"warning-box\""))
    }
}
