/// The score distribution of one ranking: each candidate a dot on the scorer's score axis, coloured by
/// label and numbered with its rank; dots that would overlap are stacked into lanes. `score` is the
/// position on the axis (the score, or its log-odds: see ScoreReadout); `text` is what the tooltip says.
struct ScoreStripChart {
    struct Dot {
        var candidate: Int
        var score: Double
        var rank: Int
        var label: Int?
        var snippet: String
        var text: String
    }

    static func svg(title: String, dots: [Dot], axis: ScoreAxis, scale: LabelScale, axisTitle: String = "score") -> String {
        let width = 480.0, left = 16.0, right = 16.0, top = 10.0, r = 8.0
        let plotW = width - left - right
        // Greedy lane packing, left to right; ties in x keep rank order.
        let sorted = dots.sorted { a, b in
            let fa = axis.fraction(a.score), fb = axis.fraction(b.score)
            return fa != fb ? fa < fb : a.rank < b.rank
        }
        // At most `maxLanes` lanes: beyond that, dots share the top lane rather than grow the chart.
        let maxLanes = 12
        var laneEnd: [Double] = []
        var placed: [(Dot, Double, Int)] = []
        for dot in sorted {
            let x = left + axis.fraction(dot.score) * plotW
            var lane = laneEnd.firstIndex { $0 + 2 * r + 1 <= x } ?? laneEnd.count
            if lane >= maxLanes { lane = maxLanes - 1 }
            if lane == laneEnd.count { laneEnd.append(x) } else { laneEnd[lane] = x }
            placed.append((dot, x, lane))
        }
        let lanes = max(1, laneEnd.count)
        let plotH = Double(lanes) * (2 * r + 2) + 4
        let height = top + plotH + 32
        let baseY = top + plotH
        var svg = SVGBuilder(width: width, height: height, label: title, className: "chart strip")
        // Mean of the ranking as a dashed reference line.
        let finite = dots.map(\.score).filter { $0.isFinite }
        if !finite.isEmpty {
            let mean = finite.reduce(0, +) / Double(finite.count)
            let mx = left + axis.fraction(mean) * plotW
            svg.line(mx, top, mx, baseY, className: "mean", title: "mean \(formatScore(mean))")
        }
        svg.line(left, baseY, left + plotW, baseY, className: "axis")
        for (i, tick) in axis.ticks.enumerated() {
            let x = left + plotW * Double(i) / 2
            svg.line(x, baseY, x, baseY + 4, className: "axis")
            svg.text(formatScore(tick), x: x, y: baseY + 16, className: "tick",
                     anchor: i == 0 ? .start : (i == 2 ? .end : .middle))
        }
        svg.text(axisTitle, x: left + plotW / 2, y: height - 3, className: "axis-title", anchor: .middle)
        // Draw from the worst rank up, so the best candidates sit on top where dots touch.
        for (dot, x, lane) in placed.sorted(by: { $0.0.rank > $1.0.rank }) {
            let y = baseY - r - 3 - Double(lane) * (2 * r + 2)
            let labelText = dot.label.map { "rel \($0)" } ?? "no label"
            svg.openGroup(className: "dot", title: "#\(dot.rank) c\(dot.candidate) · \(labelText) · \(dot.text) · \(dot.snippet)")
            svg.circle(cx: x, cy: y, r: r, className: scale.className(dot.label))
            svg.text(String(dot.rank), x: x, y: y + 3.5, className: "dot-label", anchor: .middle)
            svg.closeGroup()
        }
        return svg.build()
    }
}
