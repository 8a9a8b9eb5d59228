import RerankCore

/// The metrics strip of one ranking: each metric with its change against the baseline's ranking.
enum MetricsView {
    static func items(_ ranking: Ranking, baseline: Ranking?) -> [[String: Any]] {
        var out: [[String: Any]] = []
        if let m = ranking.metrics {
            let b = baseline?.metrics
            out.append(item("Hit@1", m.hit1 >= 1 ? "yes" : "no", m.hit1, b?.hit1, isFlag: true))
            out.append(item("Hit@3", m.hit3 >= 1 ? "yes" : "no", m.hit3, b?.hit3, isFlag: true))
            out.append(item("MRR", fixed(m.mrr, 4), m.mrr, b?.mrr))
            out.append(item("NDCG@10", fixed(m.ndcg10, 4), m.ndcg10, b?.ndcg10))
        }
        let s = ranking.stats
        out.append(["name": "mean ± sd", "value": "\(formatScore(s.mean)) ± \(formatScore(s.std))", "hasDelta": false])
        out.append(["name": "top-2 gap", "value": formatScore(s.gap), "hasDelta": false])
        return out
    }

    private static func item(_ name: String, _ value: String, _ x: Double, _ base: Double?, isFlag: Bool = false) -> [String: Any] {
        var d: [String: Any] = ["name": name, "value": value, "hasDelta": false]
        if let base, x != base {
            d["hasDelta"] = true
            d["delta"] = isFlag ? (x > base ? "was no" : "was yes") : formatDelta(x - base, 4)
            d["deltaCls"] = x > base ? "up" : "down"
        }
        return d
    }
}
