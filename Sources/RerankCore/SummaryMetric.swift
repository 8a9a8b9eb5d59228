/// A metric as the summaries see it: a name, a few plain words, and how to read it off a ranking's
/// metrics. The comparison code is generic over a list of these, so the site's metrics list can
/// change without touching it.
public struct SummaryMetric: Sendable {
    public let name: String
    /// Plain words shown beside the name.
    public let help: String
    /// True for metrics that are 0 or 1 per case (shown as percentages).
    public let isRate: Bool
    public let value: @Sendable (RankingMetrics) -> Double

    public init(name: String, help: String, isRate: Bool, value: @escaping @Sendable (RankingMetrics) -> Double) {
        self.name = name; self.help = help; self.isRate = isRate; self.value = value
    }

    /// Hit@1, Hit@3, MRR and NDCG@10, in that order.
    public static let standard: [SummaryMetric] = [
        SummaryMetric(name: "Hit@1", help: "the top result has the case's highest label", isRate: true) { $0.hit1 },
        SummaryMetric(name: "Hit@3", help: "a highest-label candidate is in the top three", isRate: true) { $0.hit3 },
        SummaryMetric(name: "MRR", help: "1 / rank of the first relevant candidate", isRate: false) { $0.mrr },
        SummaryMetric(name: "NDCG@10", help: "how well the top ten are ordered by label, 0 to 1 (trec_eval ndcg_cut_10)",
                      isRate: false) { $0.ndcg10 },
    ]
}
