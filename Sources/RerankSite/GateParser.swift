import RerankCore
import Yams

/// Reads one entry of `gates:` (`{ scorer: qwen3-0.6b, metric: ndcg@10, min: 0.80 }`), reporting
/// every problem as `file:line:column: gates.key: message`.
enum GateParser {
    static let keys = ["scorer", "metric", "min", "max", "beats", "by", "max_drop"]

    static func parse(_ node: Node, file: String) -> Result<Gate, BuildError> {
        func loc(_ n: Node?) -> SourceLocation {
            SourceLocation(file: file, line: n?.mark?.line ?? 1, column: n?.mark?.column ?? 1)
        }
        var problems: [String] = []
        func fail(_ n: Node?, _ key: String, _ message: String) {
            problems.append("\(loc(n)): gates\(key.isEmpty ? "" : "." + key): \(message)")
        }
        guard let mapping = node.mapping else {
            fail(node, "", "expected a mapping such as { scorer: bm25, metric: ndcg@10, min: 0.5 }")
            return .failure(BuildError(.badInput, step: "config", messages: problems))
        }
        var values: [String: Node] = [:]
        for (k, v) in mapping {
            guard let key = k.string, keys.contains(key) else {
                fail(k, k.string ?? "?", "unknown gate key '\(k.string ?? "?")' (known: \(keys.joined(separator: ", ")))"); continue
            }
            if values[key] != nil { fail(k, key, "given twice"); continue }
            values[key] = v
        }
        func number(_ key: String) -> Double? {
            guard let v = values[key] else { return nil }
            guard let d = v.scalar.flatMap({ Double($0.string) }), d.isFinite else {
                fail(v, key, "expected a number, got '\(v.scalar?.string ?? "?")'"); return nil
            }
            return d
        }
        let scorer = values["scorer"]?.scalar?.string
        if scorer == nil { fail(values["scorer"] ?? node, "scorer", "a gate needs `scorer:` (a configured scorer id)") }
        var metric: MetricName?
        if let m = values["metric"] {
            metric = m.scalar.flatMap { MetricName($0.string) }
            if metric == nil { fail(m, "metric", "unknown metric '\(m.scalar?.string ?? "?")'; known: \(MetricName.spellings)") }
        } else {
            fail(node, "metric", "a gate needs `metric:` (\(MetricName.spellings))")
        }
        var rules: [Gate.Rule] = []
        if let x = number("min") { rules.append(.min(x)) }
        if let x = number("max") { rules.append(.max(x)) }
        if let x = number("max_drop") {
            if x < 0 { fail(values["max_drop"], "max_drop", "must be ≥ 0, got \(x)") } else { rules.append(.maxDrop(x)) }
        }
        let by = number("by")
        if let b = values["beats"] {
            if let other = b.scalar?.string, !other.isEmpty { rules.append(.beats(other, by: by ?? 0)) } else { fail(b, "beats", "expected a scorer id") }
        } else if by != nil {
            fail(values["by"], "by", "`by:` goes with `beats:`")
        }
        let given = ["min", "max", "beats", "max_drop"].filter { values[$0] != nil }
        if given.count != 1 {
            fail(node, "", given.isEmpty ? "a gate needs one of min, max, beats or max_drop"
                 : "a gate takes one of min, max, beats or max_drop; this one gives \(given.joined(separator: ", ")) (write one gate each)")
        }
        guard problems.isEmpty, let scorer, let metric, rules.count == 1 else {
            return .failure(BuildError(.badInput, step: "config", messages: problems))
        }
        return .success(Gate(scorer: scorer, metric: metric, rule: rules[0], location: "\(file):\(loc(node).line)"))
    }

    /// A gate naming a scorer (or `beats:` one) the configuration does not have.
    static func unknownScorers(_ gates: [Gate], scorers: [String]) -> [String] {
        var out: [String] = []
        let known = scorers.joined(separator: ", ")
        for g in gates {
            if !scorers.contains(g.scorer) { out.append("\(g.location): gates.scorer: unknown scorer '\(g.scorer)' (configured: \(known))") }
            if case .beats(let other, _) = g.rule, !scorers.contains(other) {
                out.append("\(g.location): gates.beats: unknown scorer '\(other)' (configured: \(known))")
            }
        }
        return out
    }
}
