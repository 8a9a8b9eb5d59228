/// Rank movement from the first-stage order to one or more rankings: one column per ranking, one
/// line per candidate, coloured by label.
struct SlopeChart {
    struct Column {
        var title: String
        /// 1-based rank per candidate (baseline position).
        var rankOf: [Int]
    }

    static func svg(title: String, columns: [Column], labels: [Int?], snippets: [String], scale: LabelScale) -> String {
        let n = labels.count
        guard columns.count >= 2, n > 0, columns.allSatisfy({ $0.rankOf.count == n }) else { return "" }
        let rowH = n > 30 ? 14.0 : 20.0
        let labelW = 44.0, gap = columns.count > 2 ? 120.0 : 170.0, top = 30.0
        let width = labelW * 2 + gap * Double(columns.count - 1) + 16
        let height = top + rowH * Double(n) + 6
        let x = { (col: Int) in labelW + 8 + gap * Double(col) }
        let y = { (rank: Int) in top + rowH * (Double(rank) - 0.5) }
        var svg = SVGBuilder(width: width, height: height, label: title, className: "chart slope")
        for (i, column) in columns.enumerated() {
            let anchor: SVGBuilder.Anchor = i == 0 ? .start : (i == columns.count - 1 ? .end : .middle)
            let tx = i == 0 ? x(i) - labelW : (i == columns.count - 1 ? x(i) + labelW : x(i))
            svg.text(column.title, x: tx, y: 14, className: "col-title", anchor: anchor)
            svg.line(x(i), top - 6, x(i), height - 4, className: "grid")
        }
        let first = columns[0].rankOf
        let last = columns[columns.count - 1].rankOf
        // Unchanged candidates first, movers on top.
        let drawOrder = (0..<n).sorted { a, b in
            let ma = first[a] != last[a], mb = first[b] != last[b]
            return ma != mb ? !ma : a < b
        }
        for c in drawOrder {
            let move = first[c] - last[c]
            let labelText = labels[c].map { "rel \($0)" } ?? "no label"
            let moveText = move > 0 ? "↑\(move)" : (move < 0 ? "↓\(-move)" : "=")
            let path = columns.map { "\($0.rankOf[c])" }.joined(separator: " → ")
            // Without a label, colour says which way the candidate moved.
            let direction = move > 0 ? " mv-up" : (move < 0 ? " mv-down" : "")
            let cls = scale.className(labels[c]) + (move == 0 ? " flat" : "") + (labels[c] == nil ? direction : "")
            svg.openGroup(className: "slope-line " + cls, title: "c\(c) · \(labelText) · rank \(path) (\(moveText)) · \(snippets[c])")
            for i in 0..<(columns.count - 1) {
                svg.line(x(i), y(columns[i].rankOf[c]), x(i + 1), y(columns[i + 1].rankOf[c]), className: "seg")
            }
            for i in 0..<columns.count {
                svg.circle(cx: x(i), cy: y(columns[i].rankOf[c]), r: 3.5, className: "end")
            }
            svg.text("c\(c)", x: x(0) - 8, y: y(first[c]) + 4, className: "cand", anchor: .end)
            svg.text("c\(c)", x: x(columns.count - 1) + 8, y: y(last[c]) + 4, className: "cand", anchor: .start)
            svg.closeGroup()
        }
        return svg.build()
    }
}
