/// A histogram of one scorer's scores, bars stacked by label colour, drawn on the scorer's axis.
struct HistogramChart {
    static let bins = 20

    /// `scores` pairs each score with its candidate's label (nil when unlabelled).
    static func svg(scorer: String, scores: [(score: Double, label: Int?)], axis: ScoreAxis, scale: LabelScale) -> String {
        let width = 320.0, height = 150.0
        let left = 30.0, right = 10.0, top = 10.0, bottom = 34.0
        let plotW = width - left - right, plotH = height - top - bottom
        // counts[bin][levelSlot]; slot 0…4 for levels, 5 for unlabelled.
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 6), count: bins)
        for (score, label) in scores {
            let bin = min(bins - 1, Int(axis.fraction(score) * Double(bins)))
            counts[bin][scale.level(label) ?? 5] += 1
        }
        let maxCount = max(1, counts.map { $0.reduce(0, +) }.max() ?? 1)
        var svg = SVGBuilder(width: width, height: height,
                             label: "Histogram of \(scores.count) scores from \(scorer)", className: "chart histogram")
        // Grid line at the top count.
        svg.line(left, top, left + plotW, top, className: "grid")
        svg.text(String(maxCount), x: left - 4, y: top + 4, className: "tick", anchor: .end)
        svg.text("0", x: left - 4, y: top + plotH + 4, className: "tick", anchor: .end)
        let barW = plotW / Double(bins)
        let binWidth = (axis.hi - axis.lo) / Double(bins)
        for bin in 0..<bins {
            var y = top + plotH
            let total = counts[bin].reduce(0, +)
            guard total > 0 else { continue }
            let from = axis.lo + Double(bin) * binWidth
            let title = "\(formatScore(from)) – \(formatScore(from + binWidth)): \(total) score\(total == 1 ? "" : "s")"
            svg.openGroup(className: "bin", title: title)
            for slot in [5, 0, 1, 2, 3, 4] where counts[bin][slot] > 0 {
                let h = Double(counts[bin][slot]) / Double(maxCount) * plotH
                y -= h
                svg.rect(x: left + Double(bin) * barW + 0.5, y: y, width: barW - 1, height: h,
                         className: slot == 5 ? "lu" : "l\(slot)")
            }
            svg.closeGroup()
        }
        svg.scoreAxis(axis, left: left, width: plotW, y: top + plotH)
        svg.text("score", x: left + plotW / 2, y: height - 3, className: "axis-title", anchor: .middle)
        return svg.build()
    }
}
