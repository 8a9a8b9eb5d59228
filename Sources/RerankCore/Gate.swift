import Foundation

/// A quality gate from `gates:` in rerank-site.yml: one scorer's mean of one metric must stay
/// above a floor, below a ceiling, ahead of another scorer, or within a drop of the previous run.
public struct Gate: Hashable, Sendable, Codable {
    public enum Rule: Hashable, Sendable, Codable {
        case min(Double)
        case max(Double)
        /// Ahead of another scorer's mean by at least `by`.
        case beats(String, by: Double)
        /// At most this much below the previous run's mean.
        case maxDrop(Double)
    }

    public var scorer: String
    public var metric: MetricName
    public var rule: Rule
    /// Where the gate is written (`rerank-site.yml:14`), for messages.
    public var location: String

    public init(scorer: String, metric: MetricName, rule: Rule, location: String) {
        self.scorer = scorer; self.metric = metric; self.rule = rule; self.location = location
    }

    /// The gate as one would say it: `qwen3-0.6b ndcg@10 ≥ 0.8`.
    public var text: String {
        let what = "\(scorer) \(metric.name)"
        switch rule {
        case .min(let x): return "\(what) ≥ \(fourDecimals(x))"
        case .max(let x): return "\(what) ≤ \(fourDecimals(x))"
        case .beats(let other, let by): return by == 0 ? "\(what) beats \(other)" : "\(what) beats \(other) by \(fourDecimals(by))"
        case .maxDrop(let x): return "\(what) drops at most \(fourDecimals(x)) since the previous run"
        }
    }
}

/// What one gate found.
public struct GateOutcome: Hashable, Sendable, Codable {
    public var gate: String
    public var location: String
    public var passed: Bool
    /// One sentence with the numbers.
    public var message: String
    public var value: Double?
    /// The number compared with: the bound, the other scorer's mean, or the previous run's.
    public var reference: Double?
}

/// Means per scorer id, then per metric name (`ndcg@10`).
public typealias MetricMeans = [String: [String: Double]]

/// Evaluates every gate on this run's means (and the previous run's, for `max_drop`). Pure.
/// A gate whose number is missing (a scorer not in this build, no labelled case) fails and says why;
/// a `max_drop` gate with no previous run passes and says so.
public func evaluateGates(_ gates: [Gate], means: MetricMeans, previous: MetricMeans?) -> [GateOutcome] {
    gates.map { gate in
        func outcome(_ passed: Bool, _ message: String, _ value: Double? = nil, _ reference: Double? = nil) -> GateOutcome {
            GateOutcome(gate: gate.text, location: gate.location, passed: passed, message: message, value: value, reference: reference)
        }
        let name = gate.metric.name
        guard let scorerMeans = means[gate.scorer] else {
            return outcome(false, "\(gate.scorer) was not part of this build, so its \(name) is unknown")
        }
        guard let value = scorerMeans[name] else {
            return outcome(false, "\(gate.scorer) has no \(name): no labelled case was scored")
        }
        let v = fourDecimals(value)
        switch gate.rule {
        case .min(let floor):
            return value >= floor - gateTolerance
                ? outcome(true, "\(gate.scorer) \(name) is \(v), at or above the minimum \(fourDecimals(floor))", value, floor)
                : outcome(false, "\(gate.scorer) \(name) is \(v), below the minimum \(fourDecimals(floor)) by \(fourDecimals(floor - value))", value, floor)
        case .max(let ceiling):
            return value <= ceiling + gateTolerance
                ? outcome(true, "\(gate.scorer) \(name) is \(v), at or below the maximum \(fourDecimals(ceiling))", value, ceiling)
                : outcome(false, "\(gate.scorer) \(name) is \(v), above the maximum \(fourDecimals(ceiling)) by \(fourDecimals(value - ceiling))", value, ceiling)
        case .beats(let other, let by):
            guard let otherValue = means[other]?[name] else {
                return outcome(false, "\(other) has no \(name) in this build to compare \(gate.scorer) with", value)
            }
            let lead = value - otherValue
            let needs = by == 0 ? "must be ahead" : "must be ahead by at least \(fourDecimals(by))"
            let passed = by == 0 ? lead > gateTolerance : lead >= by - gateTolerance
            return outcome(passed, "\(gate.scorer) \(name) is \(v) against \(other)'s \(fourDecimals(otherValue)): "
                + (lead >= 0 ? "ahead by \(fourDecimals(lead))" : "behind by \(fourDecimals(-lead))") + " (\(needs))", value, otherValue)
        case .maxDrop(let allowed):
            guard let before = previous?[gate.scorer]?[name] else {
                return outcome(true, "\(gate.scorer) \(name) is \(v); there is no previous run to compare with", value)
            }
            let drop = before - value
            let change = drop > 0 ? "fell by \(fourDecimals(drop))" : (drop < 0 ? "rose by \(fourDecimals(-drop))" : "is unchanged")
            return outcome(drop <= allowed + gateTolerance, "\(gate.scorer) \(name) \(change) since the previous run (\(fourDecimals(before)) → \(v));"
                + " at most \(fourDecimals(allowed)) may be lost", value, before)
        }
    }
}

/// Means are sums of divisions; a mean that equals a bound to 1e-9 meets it.
public let gateTolerance = 1e-9

/// Four decimals, the digits the pages show; trailing zeros kept (`0.8000`).
public func fourDecimals(_ x: Double) -> String { String(format: "%.4f", locale: Locale(identifier: "en_US_POSIX"), x) }
