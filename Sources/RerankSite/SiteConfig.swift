import Foundation
import RerankCore
import Yams

/// One configured scorer: its id, kind and the kind's options as given in rerank-site.yml.
public struct ScorerConfig: Sendable, Equatable {
    public var id: String
    public var kind: String
    /// Options besides `id` and `kind`, as YAML scalars or lists (strings).
    public var options: [String: ConfigValue]
    /// Where the entry starts, for messages.
    public var location: SourceLocation

    public init(id: String, kind: String, options: [String: ConfigValue] = [:], location: SourceLocation) {
        self.id = id; self.kind = kind; self.options = options; self.location = location
    }
}

/// A configuration value with the place it came from.
public struct ConfigValue: Sendable, Equatable {
    public var text: String
    public var location: SourceLocation
    public init(_ text: String, at location: SourceLocation) { self.text = text; self.location = location }
}

/// rerank-site.yml. Every path is resolved against the config file's folder.
public struct SiteConfig: Sendable, Equatable {
    public var title = "Rerank showcase"
    public var baseURL: String?
    public var input = "inputs"
    public var output = "site"
    public var cache = ".rerank-site/cache.sqlite"
    /// The instruction for cases that give none (the Qwen3-Reranker default).
    public var instruction = "Given a web search query, retrieve relevant passages that answer the query"
    public var fusion: FusionMethod = .max
    /// Scorers in order; the first is the baseline for movements and wins/losses.
    public var scorers: [ScorerConfig] = []
    /// `checks:`: parity tolerance, the constant-score threshold, the relevance label of the threshold view.
    public var checks = ScorerCheckSettings()
    /// The metrics the summary shows and results.json carries, in order (`metrics:`).
    public var metrics: [MetricName] = MetricName.defaults
    /// Quality gates (`gates:`), checked by `rerank-site check` and `build --check`.
    public var gates: [Gate] = []
    /// The folder the configuration lives in (the project root).
    public var root: URL

    public init(root: URL) { self.root = root }

    /// The metrics every summary computes: `metrics:`, then any other metric a gate names.
    public var measuredMetrics: [MetricName] {
        var out = metrics
        for g in gates where !out.contains(g.metric) { out.append(g.metric) }
        return out
    }

    static let defaultScorers = ["original", "bm25"]
    static let knownKeys: Set<String> = ["title", "base_url", "input", "output", "cache", "instruction", "fusion", "scorers", "checks", "metrics", "gates"]

    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
    }

    /// Parses rerank-site.yml text; every problem names file:line:column and the key.
    public static func parse(yaml: String, file: String, root: URL) throws -> SiteConfig {
        let result = try read(yaml: yaml, file: file, root: root)
        if !result.problems.isEmpty { throw BuildError(.badInput, step: "config", messages: result.problems) }
        return result.config
    }

    /// Parses rerank-site.yml text, keeping what could be read beside every problem, so that a
    /// build can go on checking the cases, run files and history it names and report everything
    /// at once. Throws only when the text is not a YAML mapping (then nothing can be read).
    static func read(yaml: String, file: String, root: URL) throws -> (config: SiteConfig, problems: [String]) {
        var config = SiteConfig(root: root)
        var problems: [String] = []
        func loc(_ node: Node?) -> SourceLocation {
            SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
        }
        func fail(_ node: Node?, _ key: String, _ message: String) { problems.append("\(loc(node)): \(key): \(message)") }

        let rootNode: Node?
        do { rootNode = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            throw BuildError(.badInput, step: "config", "\(file): \(yamlMessage(error))")
        }
        guard let rootNode else { config.scorers = defaultScorerConfigs(file: file); return (config, []) }
        guard let mapping = rootNode.mapping else {
            throw BuildError(.badInput, step: "config", "\(loc(rootNode)): expected a mapping of settings")
        }
        var seenKeys: [String: Int] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { fail(keyNode, "?", "keys must be strings"); continue }
            if let first = seenKeys[key] { fail(keyNode, key, "given twice (first at line \(first))"); continue }
            seenKeys[key] = loc(keyNode).line
            func string() -> String? {
                guard let s = value.scalar?.string else { fail(value, key, "expected a string"); return nil }
                return s
            }
            switch key {
            case "title": if let s = string() { config.title = s }
            case "base_url":
                if let s = string() {
                    if s.isEmpty { config.baseURL = nil } else if let why = baseURLProblem(s) { fail(value, key, why) } else { config.baseURL = s }
                }
            case "input": if let s = string() { config.input = s }
            case "output": if let s = string() { config.output = s }
            case "cache": if let s = string() { config.cache = s }
            case "instruction": if let s = string() { config.instruction = s }
            case "fusion":
                if let s = string() {
                    if let m = FusionMethod(rawValue: s) { config.fusion = m } else {
                        fail(value, key, "unknown fusion '\(s)': expected one of max, mean, rrf")
                    }
                }
            case "metrics":
                guard let list = value.sequence, !list.isEmpty else {
                    fail(value, key, "expected a list of metrics, e.g. [ndcg@10, map, mrr]; known: \(MetricName.spellings)"); continue
                }
                var picked: [MetricName] = []
                for item in list {
                    guard let text = item.scalar?.string, let metric = MetricName(text) else {
                        fail(item, key, "unknown metric '\(item.scalar?.string ?? "?")'; known: \(MetricName.spellings)"); continue
                    }
                    if picked.contains(metric) { fail(item, key, "'\(metric.name)' is listed twice"); continue }
                    picked.append(metric)
                }
                config.metrics = picked
            case "gates":
                guard let list = value.sequence else { fail(value, key, "expected a list of gates, e.g. - { scorer: bm25, metric: ndcg@10, min: 0.5 }"); continue }
                for item in list {
                    switch GateParser.parse(item, file: file) {
                    case .success(let gate): config.gates.append(gate)
                    case .failure(let found): problems += found.messages
                    }
                }
            case "scorers":
                guard let list = value.sequence else { fail(value, key, "expected a list of scorers"); continue }
                for item in list {
                    if let name = item.scalar?.string {  // shorthand: `- bm25`
                        config.scorers.append(ScorerConfig(id: name, kind: name, location: loc(item)))
                        continue
                    }
                    guard let entry = item.mapping else { fail(item, "scorers", "expected a scorer name or a mapping with id and kind"); continue }
                    var id: String?, kind: String?
                    var options: [String: ConfigValue] = [:]
                    var seenOptions: [String: Int] = [:]
                    for (k, v) in entry {
                        guard let name = k.string else { fail(k, "scorers", "keys must be strings"); continue }
                        if let first = seenOptions[name] { fail(k, "scorers.\(name)", "given twice (first at line \(first))"); continue }
                        seenOptions[name] = loc(k).line
                        let text: String
                        if let s = v.scalar?.string { text = s }
                        else if let seq = v.sequence { text = seq.compactMap { $0.string }.joined(separator: "\n") }
                        else { fail(v, "scorers.\(name)", "expected a value"); continue }
                        switch name {
                        case "id": id = text
                        case "kind": kind = text
                        default: options[name] = ConfigValue(text, at: loc(v))
                        }
                    }
                    guard let resolvedKind = kind ?? id else { fail(item, "scorers", "a scorer needs a kind"); continue }
                    config.scorers.append(ScorerConfig(id: id ?? resolvedKind, kind: resolvedKind, options: options, location: loc(item)))
                }
            case "checks":
                config.checks = parseChecks(value, fail: fail)
            default:
                fail(keyNode, key, "unknown setting '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))")
            }
        }
        if config.scorers.isEmpty { config.scorers = defaultScorerConfigs(file: file) }
        var seen: Set<String> = []
        for s in config.scorers where !seen.insert(s.id).inserted {
            problems.append("\(s.location): scorers: duplicate scorer id '\(s.id)'")
        }
        for s in config.scorers where !isValidScorerID(s.id) {
            problems.append("\(s.location): scorers.id: '\(s.id)' must be letters, digits, '.', '-' or '_'")
        }
        for s in config.scorers {
            switch s.checked() {
            case .failure(let found): problems += found.messages
            case .success(let checked):
                if let other = checked.parity, !config.scorers.contains(where: { $0.id == other.text && $0.id != s.id }) {
                    problems.append("\(other.location): scorers.parity: no other scorer has the id '\(other.text)' "
                        + "(configured: \(config.scorers.map(\.id).joined(separator: ", ")))")
                }
            }
        }
        problems += GateParser.unknownScorers(config.gates, scorers: config.scorers.map(\.id))
        return (config, inFileOrder(problems))
    }

    /// Problems (`file:line[:column]: …`) by line and column, as a reader goes down the file; the
    /// order they were found in otherwise.
    static func inFileOrder(_ problems: [String]) -> [String] {
        func place(_ message: String) -> (Int, Int) {
            let parts = message.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            let line = parts.count > 1 ? Int(parts[1]) ?? Int.max : Int.max
            let column = line != Int.max && parts.count > 2 ? Int(parts[2]) ?? 0 : 0
            return (line, column)
        }
        return problems.enumerated().sorted { a, b in
            let (pa, pb) = (place(a.element), place(b.element))
            return pa != pb ? pa < pb : a.offset < b.offset
        }.map(\.element)
    }

    /// Reads a config file, keeping what could be read beside every problem (see
    /// `read(yaml:file:root:)`); a missing file at the default location gives the defaults.
    static func read(file: URL, mustExist: Bool) throws -> (config: SiteConfig, problems: [String]) {
        let root = file.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: file.path) else {
            if mustExist { throw BuildError(.usage, step: "config", "--config \(file.path): no such file") }
            var config = SiteConfig(root: root)
            config.scorers = defaultScorerConfigs(file: file.lastPathComponent)
            return (config, [])
        }
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
            throw BuildError(.badInput, step: "config", "\(file.path): cannot read the file as UTF-8")
        }
        return try read(yaml: text, file: file.lastPathComponent, root: root)
    }

    static func defaultScorerConfigs(file: String) -> [ScorerConfig] {
        defaultScorers.map { ScorerConfig(id: $0, kind: $0, location: SourceLocation(file: file, line: 1)) }
    }
}

/// Why a `base_url` cannot prefix the site's canonical links; nil when it is an absolute http(s)
/// address with a host.
func baseURLProblem(_ text: String) -> String? {
    guard let url = httpAddress(text) else {
        return "'\(text)' is not an absolute http(s) address (e.g. https://example.org/rerank/)"
    }
    if url.query != nil || url.fragment != nil {
        return "'\(text)' has a query or fragment; give the address of the site's folder (e.g. https://example.org/rerank/)"
    }
    return nil
}

/// Scorer ids become file names (TREC runs) and CSS classes, so keep them plain.
func isValidScorerID(_ id: String) -> Bool {
    !id.isEmpty && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
}

func yamlMessage(_ error: YamlError) -> String {
    switch error {
    case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _):
        return "\(mark.line):\(mark.column): bad YAML: \(problem)"
    default:
        return "bad YAML: \(error)"
    }
}
