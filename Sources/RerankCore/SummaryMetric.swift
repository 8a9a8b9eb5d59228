/// A metric as the summaries see it: a name, a few plain words, and how to compute it for one
/// ranking. The comparison code is generic over a list of these, made from the site's `metrics:`.
public struct SummaryMetric: Sendable {
    public let name: String
    /// Plain words shown beside the name.
    public let help: String
    /// True for metrics that are 0 or 1 per case (shown as percentages).
    public let isRate: Bool
    /// The metric of a ranking (`order`: candidate indices, best first) against the case's labels.
    public let value: @Sendable (_ order: [Int], _ relevances: [Int]) -> Double

    public init(_ metric: MetricName) {
        name = metric.title
        help = metric.explanation
        isRate = metric.isShare
        value = { metricValue(metric, order: $0, relevances: $1) }
    }

    /// The metrics shown when `metrics:` is not given: Hit@1, Hit@3, MRR and NDCG@10.
    public static let standard: [SummaryMetric] = MetricName.defaults.map(SummaryMetric.init)
}
