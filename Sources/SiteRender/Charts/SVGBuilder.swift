/// Builds inline SVG markup. Every string that is not a number goes through `escapeHTML`, which makes
/// it safe both as SVG text and inside attribute values; numbers go through `formatCoord`. Charts are
/// only ever built with this type, so their markup can be inserted into pages unescaped.
struct SVGBuilder {
    enum Anchor: String { case start, middle, end }

    private var parts: [String] = []
    let width: Double
    let height: Double

    /// `label` is the accessible name of the chart (its `aria-label` and `<title>`).
    init(width: Double, height: Double, label: String, className: String) {
        self.width = width
        self.height = height
        parts.append("<svg class=\"\(escapeHTML(className))\" viewBox=\"0 0 \(formatCoord(width)) \(formatCoord(height))\""
            + " width=\"\(formatCoord(width))\" height=\"\(formatCoord(height))\" role=\"img\" aria-label=\"\(escapeHTML(label))\">")
        parts.append("<title>\(escapeHTML(label))</title>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, className: String, title: String? = nil) {
        let head = "<line class=\"\(escapeHTML(className))\" x1=\"\(formatCoord(x1))\" y1=\"\(formatCoord(y1))\" x2=\"\(formatCoord(x2))\" y2=\"\(formatCoord(y2))\""
        append(head, title: title, tag: "line")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, className: String, title: String? = nil) {
        let head = "<rect class=\"\(escapeHTML(className))\" x=\"\(formatCoord(x))\" y=\"\(formatCoord(y))\" width=\"\(formatCoord(max(0, width)))\" height=\"\(formatCoord(max(0, height)))\""
        append(head, title: title, tag: "rect")
    }

    mutating func circle(cx: Double, cy: Double, r: Double, className: String, title: String? = nil) {
        let head = "<circle class=\"\(escapeHTML(className))\" cx=\"\(formatCoord(cx))\" cy=\"\(formatCoord(cy))\" r=\"\(formatCoord(r))\""
        append(head, title: title, tag: "circle")
    }

    mutating func text(_ content: String, x: Double, y: Double, className: String, anchor: Anchor = .start) {
        parts.append("<text class=\"\(escapeHTML(className))\" x=\"\(formatCoord(x))\" y=\"\(formatCoord(y))\" text-anchor=\"\(anchor.rawValue)\">\(escapeHTML(content))</text>")
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], className: String) {
        let coords = points.map { formatCoord($0.x) + "," + formatCoord($0.y) }.joined(separator: " ")
        parts.append("<polyline class=\"\(escapeHTML(className))\" points=\"\(coords)\"/>")
    }

    /// Opens a group; every `openGroup` needs a `closeGroup`. The title shows as a tooltip for the group.
    mutating func openGroup(className: String, title: String? = nil) {
        parts.append("<g class=\"\(escapeHTML(className))\">")
        if let title { parts.append("<title>\(escapeHTML(title))</title>") }
    }

    mutating func closeGroup() { parts.append("</g>") }

    private mutating func append(_ head: String, title: String?, tag: String) {
        if let title {
            parts.append(head + "><title>\(escapeHTML(title))</title></\(tag)>")
        } else {
            parts.append(head + "/>")
        }
    }

    func build() -> String { parts.joined() + "</svg>" }
}
