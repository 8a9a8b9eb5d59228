/// The score range one scorer's charts and bars share across the whole site, so a bar of the same
/// length means the same score on every page. Probabilities keep the fixed range [0, 1].
struct ScoreAxis: Equatable {
    let lo: Double
    let hi: Double

    init(lo: Double, hi: Double) { self.lo = lo; self.hi = hi }

    init(scores: [Double]) {
        let finite = scores.filter { $0.isFinite }
        guard let mn = finite.min(), let mx = finite.max() else { lo = 0; hi = 1; return }
        if mn >= 0 && mx <= 1 { lo = 0; hi = 1; return }
        if mn == mx { lo = mn - 0.5; hi = mx + 0.5; return }
        lo = mn; hi = mx
    }

    /// Position of `x` in [0, 1] along the axis, clamped; non-finite scores sit at the nearer end.
    func fraction(_ x: Double) -> Double {
        if x.isNaN { return 0 }
        let f = (x - lo) / (hi - lo)
        return min(1, max(0, f))
    }

    /// Tick values: both ends and the middle.
    var ticks: [Double] { [lo, (lo + hi) / 2, hi] }
}

extension SVGBuilder {
    /// A horizontal score axis at `y` from `left` over `width`: the line, and a labelled tick at
    /// each of the axis's ticks.
    mutating func scoreAxis(_ axis: ScoreAxis, left: Double, width: Double, y: Double) {
        line(left, y, left + width, y, className: "axis")
        let ticks = axis.ticks
        for (i, tick) in ticks.enumerated() {
            let x = left + width * Double(i) / Double(max(1, ticks.count - 1))
            line(x, y, x, y + 4, className: "axis")
            text(formatScore(tick), x: x, y: y + 16, className: "tick",
                 anchor: i == 0 ? .start : (i == ticks.count - 1 ? .end : .middle))
        }
    }
}
