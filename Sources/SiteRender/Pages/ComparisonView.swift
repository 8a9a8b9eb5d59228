import Mustache
import RerankCore

/// The index's comparison table: per scorer, instruction slot and variant, each metric's mean, its
/// difference against the baseline with a bootstrap 95% interval and a randomisation-test p-value,
/// and the difference read out in one plain sentence.
final class ComparisonGroup: MustacheParent {
    final class Line: MustacheParent {
        let metric, help, mean, baselineMean, difference, interval, p, reading, readingCls: String
        init(_ c: MetricComparison, metric: SummaryMetric, baseline: String) {
            self.metric = c.metric
            help = metric.help
            mean = formatMetric(c.mean, metric)
            baselineMean = formatMetric(c.baselineMean, metric)
            difference = formatDifference(c.difference, metric)
            let text = intervalText(c, metric)
            interval = text.isEmpty ? "—" : text
            p = pText(c)
            let verdict = DifferenceVerdict(c)
            reading = verdict == .unclear ? "no clear difference" : (verdict == .higher ? "higher than \(baseline)" : "lower than \(baseline)")
            readingCls = verdict == .unclear ? "same" : (verdict == .higher ? "up" : "down")
        }
        func child(named name: String) -> Any? {
            switch name {
            case "metric": return metric
            case "help": return help
            case "mean": return mean
            case "baselineMean": return baselineMean
            case "difference": return difference
            case "interval": return interval
            case "p": return p
            case "reading": return reading
            case "readingCls": return readingCls
            default: return nil
            }
        }
    }

    let scorer, slotText, variantText, sentence, anchor: String
    let cases: Int
    let lines: [Line]

    init(_ row: ComparisonRow, metrics: [SummaryMetric], baseline: String, multipleSlots: Bool) {
        scorer = row.scorer
        slotText = multipleSlots ? "instruction \(row.instructionSlot)" : ""
        variantText = row.variant.title
        cases = row.cases
        anchor = "cmp-" + SitePaths.fileSafe(row.scorer) + "-i\(row.instructionSlot)-" + row.variant.name
        lines = zip(row.metrics, metrics).map { Line($0, metric: $1, baseline: baseline) }
        let pairs = Array(zip(row.metrics, metrics))
        let headline = pairs.first { $0.1.name == "NDCG@10" } ?? pairs.first
        sentence = headline.map { plainSentence($0, metric: $1, row: row, baseline: baseline) } ?? ""
    }

    func child(named name: String) -> Any? {
        switch name {
        case "scorer": return scorer
        case "slotText": return slotText
        case "hasSlotText": return !slotText.isEmpty
        case "variantText": return variantText
        case "sentence": return sentence
        case "anchor": return anchor
        case "cases": return cases
        case "lines": return lines
        default: return nil
        }
    }
}

/// "With 22 cases, bm25 vs original on NDCG@10: −0.013 [−0.080, +0.050], p = 0.71: no clear difference."
func plainSentence(_ c: MetricComparison, metric: SummaryMetric, row: ComparisonRow, baseline: String) -> String {
    let who = row.scorer + (row.variant == .query ? "" : " (\(row.variant.title))")
    var s = "With \(row.cases) case\(row.cases == 1 ? "" : "s"), \(who) vs \(baseline) on \(c.metric): "
        + formatDifference(c.difference, metric)
    let interval = intervalText(c, metric)
    if !interval.isEmpty { s += " " + interval }
    s += ", " + pText(c)
    switch DifferenceVerdict(c) {
    case .unclear:
        s += row.cases < 2 ? ": too few cases to tell." : ": no clear difference."
    case .higher:
        s += ": \(row.scorer) is higher."
    case .lower:
        s += ": \(row.scorer) is lower."
    }
    return s
}

private func formatMetric(_ x: Double, _ metric: SummaryMetric) -> String {
    metric.isRate ? formatPercent(x) : fixed(x, 3)
}

/// Rates as percentage points (`+13.6 pt`), others with three decimals (`−0.013`).
private func formatDifference(_ x: Double, _ metric: SummaryMetric) -> String {
    metric.isRate ? formatDelta(x * 100, 1) + " pt" : formatDelta(x, 3)
}

private func intervalText(_ c: MetricComparison, _ metric: SummaryMetric) -> String {
    guard let lo = c.lower, let hi = c.upper else { return "" }
    let f = { (x: Double) in metric.isRate ? formatDelta(x * 100, 1) : formatDelta(x, 3) }
    return "[\(f(lo)), \(f(hi))]"
}

private func pText(_ c: MetricComparison) -> String {
    guard let p = c.pValue else { return "no p-value" }
    if p < 0.001 { return "p < 0.001" }
    return "p = " + (p >= 0.995 ? "1.00" : fixed(p, p < 0.01 ? 3 : 2))
}
