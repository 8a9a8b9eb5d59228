import Foundation
import XCTest
import RerankCore
@testable import SiteRender

final class ExportTests: XCTestCase {
    func testCSVQuotingFollowsRFC4180() throws {
        XCTAssertEqual(ResultsCSV.field("plain"), "plain")
        XCTAssertEqual(ResultsCSV.field("a,b"), "\"a,b\"")
        XCTAssertEqual(ResultsCSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(ResultsCSV.field("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(ResultsCSV.row(["a", "b,c"]), "a,\"b,c\"\r\n")

        var results = SampleResults.make()
        results.cases[0].file.candidates[0].text = "comma, \"quote\"\nnewline"
        let files = try renderSite(results, theme: .builtIn)
        let csv = text(files, "data/results.csv")
        XCTAssertTrue(csv.hasPrefix(ResultsCSV.header.joined(separator: ",") + "\r\n"))
        XCTAssertTrue(csv.contains(",\"comma, \"\"quote\"\"\nnewline\"\r\n"))
        // One row per case × ranking × candidate.
        let expectedRows = results.cases.reduce(0) { $0 + $1.rankings.count * $1.file.candidates.count }
        XCTAssertEqual(parseCSV(csv).count, expectedRows + 1)
        XCTAssertTrue(parseCSV(csv).allSatisfy { $0.count == ResultsCSV.header.count })
    }

    /// A candidate's `{id=…}` names it in the runs, the qrels, the CSV and the JSON; others stay `cN`.
    func testCandidateIdsNameCandidatesInEveryExport() throws {
        var results = SampleResults.make()
        results.cases[0].file.candidates[0].id = "doc-17"
        results.cases[0].file.missedRelevant = 4
        let files = try renderSite(results, theme: .builtIn)
        let slug = results.cases[0].file.slug
        XCTAssertTrue(text(files, "data/qrels.txt").contains("\(slug) 0 doc-17 "))
        XCTAssertTrue(text(files, "data/qrels.txt").contains("\(slug) 0 c1 "))
        XCTAssertFalse(text(files, "data/qrels.txt").contains("\(slug) 0 c0 "))
        let runs = files.keys.filter { $0.hasPrefix("data/") && $0.hasSuffix(".run") }
        XCTAssertFalse(runs.isEmpty)
        for run in runs { XCTAssertTrue(text(files, run).contains("\(slug) Q0 doc-17 "), run) }
        XCTAssertTrue(text(files, "data/results.csv").contains(",doc-17,"))
        let json = text(files, "data/results.json")
        XCTAssertTrue(json.contains("\"id\" : \"doc-17\""), String(json.prefix(300)))
        XCTAssertTrue(json.contains("\"missedRelevant\" : 4"))
    }

    /// A small RFC 4180 reader, to check the file parses back into the right shape.
    private func parseCSV(_ s: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var it = Array(s.unicodeScalars)[...]
        while let c = it.popFirst() {
            if quoted {
                if c == "\"" { if it.first == "\"" { field.append("\""); it = it.dropFirst() } else { quoted = false } }
                else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r", it.first == "\n" { it = it.dropFirst(); row.append(field); rows.append(row); row = []; field = "" }
            else { field.unicodeScalars.append(c) }
        }
        return rows
    }

    func testTRECRunAndQrels() throws {
        let results = SampleResults.make()
        let files = try renderSite(results, theme: .builtIn)
        let run = text(files, "data/qwen3-0.6b.run").split(separator: "\n")
        let n = results.cases.reduce(0) { $0 + $1.file.candidates.count }
        XCTAssertEqual(run.count, n)
        for line in run {
            let f = line.split(separator: " ")
            XCTAssertEqual(f.count, 6, String(line))
            XCTAssertEqual(f[1], "Q0")
            XCTAssertTrue(f[2].hasPrefix("c"))
            XCTAssertNotNil(Int(f[3]))
            XCTAssertNotNil(Double(f[4]))
            XCTAssertEqual(f[5], "qwen3-0.6b")
        }
        // Ranks of the first case follow the ranking's order.
        let c = results.cases[0]
        guard let r = c.rankings.first(where: { $0.scorer == "qwen3-0.6b" && $0.variant == .query }) else { return XCTFail() }
        XCTAssertEqual(run[0], Substring("music/breakup Q0 c\(r.order[0]) 1 \(formatData(r.scores[r.order[0]])) qwen3-0.6b"))

        let qrels = text(files, "data/qrels.txt").split(separator: "\n")
        XCTAssertTrue(qrels.contains("music/breakup 0 c2 3"))
        XCTAssertFalse(qrels.contains { $0.hasPrefix("social/hangzhou-fireworks ") }, "unlabelled cases have no qrels")
    }

    func testJSONHasReproductionBlockAndIsSorted() throws {
        let results = SampleResults.make()
        let files = try renderSite(results, theme: .builtIn)
        let data = Data(files["data/results.json"] ?? [])
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let repro = object?["reproduction"] as? [String: Any]
        XCTAssertEqual(repro?["toolVersion"] as? String, "0.1.0")
        XCTAssertEqual(repro?["tieBreakRule"] as? String, tieBreakRule)
        let scorers = repro?["scorers"] as? [[String: Any]]
        XCTAssertEqual(scorers?.map { $0["id"] as? String }, ["original", "bm25", "qwen3-0.6b"])
        XCTAssertEqual(scorers?.last?["kind"] as? String, "qwen3-reranker")
        XCTAssertNotNil(scorers?.last?["fingerprint"] as? String)
        XCTAssertEqual((repro?["instructions"] as? [String])?.count, 2)
        XCTAssertEqual((repro?["caseFilesHash"] as? String)?.count, 64)
        XCTAssertEqual((repro?["caseFiles"] as? [[String: Any]])?.count, results.cases.count)
        let cases = object?["cases"] as? [[String: Any]]
        let rankings = cases?.first?["rankings"] as? [[String: Any]]
        XCTAssertEqual(rankings?.count, results.cases[0].rankings.count)
        XCTAssertNotNil(rankings?.first?["metrics"])
        // Sorted keys: "cases" comes before "reproduction", which comes before "summaries".
        let json = String(decoding: data, as: UTF8.self)
        guard let a = json.range(of: "\"cases\""), let b = json.range(of: "\"reproduction\""),
              let c = json.range(of: "\"summaries\"") else { return XCTFail("keys missing") }
        XCTAssertTrue(a.lowerBound < b.lowerBound && b.lowerBound < c.lowerBound)
    }
}
