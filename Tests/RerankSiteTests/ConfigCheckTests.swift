import Foundation
import XCTest
import RerankCore
@testable import RerankSite

/// rerank-site.yml problems come all at once, each naming file:line:column and the key.
final class ConfigCheckTests: XCTestCase {
    let root = URL(fileURLWithPath: "/tmp/project")

    func testEveryProblemOfTheFileInOneReport() {
        let yaml = """
            title: x
            base_url: ftp://example.org/site/
            fusoin: max
            scorers:
              - id: b
                kind: bm25
                k1: -1
                b: 1.5
              - id: q
                kind: qwen3-reranker
                max_length: 8
                threads: 0
              - id: r
                kind: http
                endpoint: localhost:8000
                timeout: 0
                documents_per_request: -3
                retries: 99
                flavour: grpc
                colour: blue
              - id: z
                kind: magic
            """
        XCTAssertThrowsError(try SiteConfig.parse(yaml: yaml, file: "rerank-site.yml", root: root)) { error in
            guard let error = error as? BuildError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .badInput)
            XCTAssertEqual(error.step, "config")
            let expected = [
                "rerank-site.yml:2:11: base_url: 'ftp://example.org/site/' is not an absolute http(s) address",
                "rerank-site.yml:3:1: fusoin: unknown setting 'fusoin'",
                "rerank-site.yml:7:9: scorers.k1: must be ≥ 0, got -1",
                "rerank-site.yml:8:8: scorers.b: must be between 0 and 1, got 1.5",
                "scorers.model: a qwen3-reranker scorer needs `model:`",
                "rerank-site.yml:11:17: scorers.max_length: must be ≥ 16, got 8",
                "rerank-site.yml:12:14: scorers.threads: must be ≥ 1, got 0",
                "rerank-site.yml:15:15: scorers.endpoint: 'localhost:8000' is not an http(s) address",
                "rerank-site.yml:16:14: scorers.timeout: must be > 0 seconds, got 0",
                "rerank-site.yml:17:28: scorers.documents_per_request: must be ≥ 1, got -3",
                "rerank-site.yml:18:14: scorers.retries: must be between 0 and 20, got 99",
                "rerank-site.yml:19:14: scorers.flavour: unknown flavour 'grpc'",
                "rerank-site.yml:20:13: scorers.colour: unknown option 'colour' for a http scorer",
                "rerank-site.yml:21:5: scorers.kind: unknown scorer kind 'magic'",
            ]
            for text in expected {
                XCTAssertTrue(error.messages.contains { $0.contains(text) }, "missing '\(text)' in\n\(error.description)")
            }
            XCTAssertEqual(error.messages.count, expected.count, error.description)
        }
    }

    func testGoodOptionsAreTyped() throws {
        let yaml = """
            base_url: https://example.org/rerank/
            scorers:
              - id: b
                kind: bm25
                k1: 0
                b: 1
              - id: r
                kind: http
                endpoint: http://127.0.0.1:8000/v1/rerank
                timeout: 2.5
                instruction: Judge by price
            """
        let config = try SiteConfig.parse(yaml: yaml, file: "rerank-site.yml", root: root)
        XCTAssertEqual(config.baseURL, "https://example.org/rerank/")
        let checked = try SiteBuilder.selectScorers(config, ids: [])
        XCTAssertEqual(checked.map(\.spec.kindName), ["bm25", "http"])
        XCTAssertEqual(checked[0].spec, .bm25(k1: 0, b: 1))
        guard case .http(let http) = checked[1].spec else { return XCTFail("http") }
        XCTAssertEqual(http.timeoutSeconds, 2.5)
        XCTAssertEqual(checked[1].instructionOverride, "Judge by price")
    }

    func testUnknownScorerFlagsAreUsageErrorsNamedAtOnce() throws {
        let config = try SiteConfig.parse(yaml: "scorers: [original, bm25]", file: "rerank-site.yml", root: root)
        XCTAssertThrowsError(try SiteBuilder.selectScorers(config, ids: ["bm25", "nope", "qwen"])) { error in
            guard let error = error as? BuildError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.kind, .usage)
            XCTAssertEqual(error.exitStatus, 2)
            XCTAssertEqual(error.messages.count, 2, error.description)
            XCTAssertTrue(error.description.contains("--scorer nope: no such scorer (configured: original, bm25)"), error.description)
            XCTAssertTrue(error.description.contains("--scorer qwen"), error.description)
        }
    }
}

private extension ScorerSpec {
    var kindName: String {
        switch self {
        case .original: return "original"
        case .bm25: return "bm25"
        case .qwen3Reranker: return "qwen3-reranker"
        case .http: return "http"
        case .embedding: return "embedding"
        case .crossEncoder: return "cross-encoder"
        case .run: return "run"
        }
    }
}
