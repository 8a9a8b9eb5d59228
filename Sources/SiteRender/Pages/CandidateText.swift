import RerankCore

/// How candidate text appears in tables: short texts in full, long ones as a preview that opens
/// (no script: `<details>`), compact cells as a one-line snippet.
enum CandidateText {
    static let fullLimit = 360
    static let previewLimit = 200

    static func html(_ text: String, compact: Bool) -> String {
        if compact {
            return "<span class=\"snippet\" dir=\"auto\">\(escapeHTML(snippet(text, limit: 90)))</span>"
        }
        if text.count <= fullLimit { return "<div class=\"cand-text\">\(htmlParagraphs(text))</div>" }
        return "<details class=\"more\"><summary dir=\"auto\">\(escapeHTML(snippet(text, limit: previewLimit)))"
            + " <span class=\"more-hint\">(\(text.count) characters, show all)</span></summary>"
            + "<div class=\"cand-text\">\(htmlParagraphs(text))</div></details>"
    }
}

/// A label badge's text and colour class.
func labelBadge(_ label: Int?, scale: LabelScale) -> [String: Any] {
    ["labelText": label.map { "rel \($0)" } ?? "—", "labelCls": scale.className(label), "hasLabel": label != nil]
}
