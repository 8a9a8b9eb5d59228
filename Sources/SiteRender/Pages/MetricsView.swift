import RerankCore

/// The metrics strip of one ranking: each metric with its change against the baseline's ranking
/// and a few plain words on what it means (the item's tooltip; the page's glossary says it in full).
enum MetricsView {
    static func items(_ ranking: Ranking, baseline: Ranking?, relevances: [Int], metrics: [SummaryMetric],
                      readout: ScoreReadout) -> [MetricItem] {
        var out: [MetricItem] = []
        if ranking.metrics != nil {
            let b = baseline?.metrics != nil ? baseline?.order : nil
            for metric in metrics {
                let x = metric.value(ranking.order, relevances)
                let value = metric.isRate ? (x >= 1 ? "yes" : "no") : fixed(x, 4)
                var delta: (text: String, className: String)?
                if let base = b.map({ metric.value($0, relevances) }), x != base {
                    delta = (metric.isRate ? (x > base ? "was no" : "was yes") : formatDelta(x - base, 4), x > base ? "up" : "down")
                }
                out.append(MetricItem(name: metric.name, value: value, help: metric.help, delta: delta))
            }
        }
        let s = ranking.stats
        let spread = readout.saturated ? gapText(s.std) : formatScore(s.std)
        out.append(MetricItem(name: "mean ± sd", value: "\(readout.text(s.mean)) ± \(spread)",
                              help: "the average score of the candidates and how far they spread around it", delta: nil))
        out.append(MetricItem(name: "top-2 gap", value: readout.saturated ? gapText(s.gap) : formatScore(s.gap),
                              help: "how far the first candidate's score is ahead of the second's: a small gap is a close call",
                              delta: nil))
        return out
    }

    /// A small non-negative difference between saturated scores, with its significant digits.
    private static func gapText(_ x: Double) -> String {
        x > 0 && x.isFinite ? ScoreReadout.scientific(x, digits: 2) : formatScore(x)
    }
}
