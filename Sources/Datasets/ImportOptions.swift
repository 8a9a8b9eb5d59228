import Foundation

/// The formats `rerank-site import` reads and `rerank-site export` writes.
public enum DatasetFormat: String, CaseIterable, Sendable {
    case jsonl, csv, beir, trec
}

/// What to import and how: everything the command line says, as values.
public struct ImportOptions: Sendable {
    public var format: DatasetFormat
    /// The positional sources: the JSONL or CSV file, or the BEIR folder.
    public var sources: [URL]
    public var output: URL
    public var limit: Int?
    public var sample: Int?
    public var seed: UInt64 = 0
    public var instruction: String?
    public var section: String?
    public var update = false
    public var split = "test"
    public var run: URL?
    public var topK: Int?
    public var topics: URL?
    public var docs: URL?
    public var qrels: URL?
    /// CSV roles mapped to header names (`candidate=passage`).
    public var columns: [String: String] = [:]

    public init(format: DatasetFormat, sources: [URL], output: URL) {
        self.format = format; self.sources = sources; self.output = output
    }

    /// Usage problems found before any file is read, all at once.
    public func usageProblems() -> [String] {
        var problems: [String] = []
        switch format {
        case .jsonl, .csv:
            if sources.count != 1 { problems.append("\(format.rawValue) takes one FILE, got \(sources.count)") }
            for (flag, value) in [("--run", run), ("--topics", topics), ("--docs", docs), ("--qrels", qrels)] where value != nil {
                problems.append("\(flag) is for beir and trec imports, not \(format.rawValue)")
            }
            if topK != nil { problems.append("--top-k cuts a run: it is for beir and trec imports") }
        case .beir:
            if sources.count != 1 { problems.append("beir takes one DIR (holding corpus.jsonl, queries.jsonl and qrels/), got \(sources.count)") }
            for (flag, value) in [("--topics", topics), ("--docs", docs), ("--qrels", qrels)] where value != nil {
                problems.append("\(flag) is for trec imports; a BEIR folder has its own files")
            }
        case .trec:
            if !sources.isEmpty { problems.append("trec takes no SOURCE: give --topics, --docs and --run") }
            if topics == nil { problems.append("trec needs --topics FILE (qid<TAB>query lines)") }
            if docs == nil { problems.append("trec needs --docs FILE (docid<TAB>text lines)") }
            if run == nil { problems.append("trec needs --run FILE (a TREC run: qid Q0 docid rank score tag)") }
        }
        if format != .csv && !columns.isEmpty { problems.append("--columns is for csv imports") }
        if let limit, limit < 1 { problems.append("--limit must be at least 1") }
        if let sample, sample < 1 { problems.append("--sample must be at least 1") }
        if let topK, topK < 1 { problems.append("--top-k must be at least 1") }
        if let instruction, instruction.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("--instruction is empty")
        }
        if let section, CaseSlug.make(section).isEmpty || section.contains("..") {
            problems.append("--section '\(section)' gives no folder name")
        }
        return problems
    }
}

/// `--sample N --seed S` then `--limit N`: which of `count` cases are imported, in input order.
enum CaseSelection {
    static func indices(count: Int, sample: Int?, seed: UInt64, limit: Int?) -> [Int] {
        var chosen = Array(0..<count)
        if let sample, sample < count {
            // A partial Fisher–Yates shuffle with SplitMix64: the same seed picks the same cases
            // on every machine (Swift's default generator is not seedable).
            var state = seed
            func next() -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
            for i in 0..<sample {
                let j = i + Int(next() % UInt64(count - i))
                chosen.swapAt(i, j)
            }
            chosen = chosen.prefix(sample).sorted()
        }
        if let limit { chosen = Array(chosen.prefix(limit)) }
        return chosen
    }
}
