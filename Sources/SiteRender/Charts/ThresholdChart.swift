import RerankCore

/// Precision, recall and F1 of one scorer against the score threshold, on the scorer's axis, with
/// the best-F1 threshold marked. The curves are sampled at 101 thresholds across the axis, so a
/// site of thousands of pairs draws the same few hundred points.
struct ThresholdChart {
    static let samples = 101

    static func svg(_ curve: ThresholdCurve, axis: ScoreAxis) -> String {
        let width = 320.0, height = 170.0
        let left = 30.0, right = 10.0, top = 10.0, bottom = 34.0
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ threshold: Double) -> Double { left + axis.fraction(threshold) * plotW }
        func y(_ value: Double) -> Double { top + (1 - value) * plotH }
        var svg = SVGBuilder(width: width, height: height,
                             label: "Precision, recall and F1 of \(curve.scorer) against the score threshold",
                             className: "chart thresholds")
        svg.line(left, top, left + plotW, top, className: "grid")
        svg.line(left, y(0.5), left + plotW, y(0.5), className: "grid")
        svg.text("1", x: left - 4, y: top + 4, className: "tick", anchor: .end)
        svg.text("0.5", x: left - 4, y: y(0.5) + 4, className: "tick", anchor: .end)
        svg.text("0", x: left - 4, y: top + plotH + 4, className: "tick", anchor: .end)
        let sampled = (0..<samples).map { i -> (threshold: Double, point: ThresholdPoint?) in
            let t = axis.lo + (axis.hi - axis.lo) * Double(i) / Double(samples - 1)
            return (t, point(curve, atThreshold: t))
        }
        for (name, value) in [("recall", { (p: ThresholdPoint?) in p?.recall ?? 0 }),
                              ("precision", { (p: ThresholdPoint?) in p.map(\.precision) ?? 1 }),
                              ("f1", { (p: ThresholdPoint?) in p?.f1 ?? 0 })] {
            svg.polyline(sampled.map { (x: x($0.threshold), y: y(value($0.point))) }, className: "curve " + name)
        }
        let best = curve.best
        svg.line(x(best.threshold), top, x(best.threshold), top + plotH, className: "best")
        svg.circle(cx: x(best.threshold), cy: y(best.f1), r: 3.5, className: "best-dot",
                   title: "best F1 \(fixed(best.f1, 3)) at score ≥ \(formatScore(best.threshold)): "
                       + "precision \(fixed(best.precision, 3)), recall \(fixed(best.recall, 3))")
        svg.scoreAxis(axis, left: left, width: plotW, y: top + plotH)
        svg.text("score threshold (relevant when score ≥ threshold)", x: left + plotW / 2, y: height - 3,
                 className: "axis-title", anchor: .middle)
        return svg.build()
    }

    /// The curve's point for "score ≥ t": the one with the lowest threshold still ≥ t; nil when no
    /// pair scores that high (nothing is predicted relevant).
    static func point(_ curve: ThresholdCurve, atThreshold t: Double) -> ThresholdPoint? {
        // Points run from the highest threshold down; find the last with threshold ≥ t.
        var lo = 0, hi = curve.points.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if curve.points[mid].threshold >= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : curve.points[lo - 1]
    }
}
