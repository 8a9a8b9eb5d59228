import RerankCore

/// A trend line of one metric across the recorded runs: one line and dot per scorer, runs on x
/// (oldest left), the metric's mean on y from 0 to 1.
struct TrendChart {
    static func svg(metric: MetricName, scorers: [String], runs: [HistoryRun]) -> String {
        let width = 360.0, height = 170.0
        let left = 34.0, right = 10.0, top = 10.0, bottom = 28.0
        let plotW = width - left - right, plotH = height - top - bottom
        var svg = SVGBuilder(width: width, height: height,
                             label: "\(metric.title) over \(runs.count) runs", className: "chart trend")
        for tick in [0.0, 0.5, 1.0] {
            let y = top + plotH * (1 - tick)
            svg.line(left, y, left + plotW, y, className: "grid")
            svg.text(fixed(tick, 1), x: left - 4, y: y + 4, className: "tick", anchor: .end)
        }
        func x(_ i: Int) -> Double { runs.count < 2 ? left + plotW / 2 : left + plotW * Double(i) / Double(runs.count - 1) }
        func y(_ v: Double) -> Double { top + plotH * (1 - min(1, max(0, v))) }
        svg.text("run 1", x: x(0), y: height - 8, className: "tick", anchor: runs.count < 2 ? .middle : .start)
        if runs.count > 1 { svg.text("run \(runs.count)", x: x(runs.count - 1), y: height - 8, className: "tick", anchor: .end) }
        for (s, scorer) in scorers.enumerated() {
            svg.openGroup(className: "series series-\(s % 8)", title: scorer)
            var previous: (x: Double, y: Double)?
            for (i, run) in runs.enumerated() {
                guard let v = run.means[scorer]?[metric.name] else { previous = nil; continue }
                let point = (x: x(i), y: y(v))
                if let p = previous { svg.line(p.x, p.y, point.x, point.y, className: "trend-line") }
                svg.circle(cx: point.x, cy: point.y, r: 3, className: "trend-dot",
                           title: "\(scorer) · run \(i + 1) (\(run.time)): \(metric.title) \(fixed(v, 4))")
                previous = point
            }
            svg.closeGroup()
        }
        return svg.build()
    }
}
