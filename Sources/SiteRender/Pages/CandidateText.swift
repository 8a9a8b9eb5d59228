import RerankCore

/// How candidate text appears in tables: short texts in full, longer ones as a preview that opens
/// (no script: `<details>`), compact cells as a one-line snippet. A very long text opens to its first
/// `shownLimit` characters and a note that points to the data file holding it whole, so a case of
/// megabyte-long candidates still gives a page a browser can show; the exports keep every character.
enum CandidateText {
    static let fullLimit = 360
    static let previewLimit = 200
    static let shownLimit = 1_000

    /// `dataHref`: the page's relative link to `data/results.json`.
    static func html(_ text: String, compact: Bool, dataHref: String) -> String {
        if compact {
            return "<span class=\"snippet\" dir=\"auto\">\(escapeHTML(snippet(text, limit: 90)))</span>"
        }
        let count = text.count
        if count <= fullLimit { return "<div class=\"cand-text\">\(htmlParagraphs(text))</div>" }
        let summary = "<summary dir=\"auto\">\(escapeHTML(snippet(text, limit: previewLimit)))"
        guard count > shownLimit else {
            return "<details class=\"more\">\(summary) <span class=\"more-hint\">(\(count) characters, show all)</span></summary>"
                + "<div class=\"cand-text\">\(htmlParagraphs(text))</div></details>"
        }
        let rest = count - shownLimit
        return "<details class=\"more\">\(summary) <span class=\"more-hint\">(\(count) characters, show the first \(shownLimit))</span></summary>"
            + "<div class=\"cand-text\">\(htmlParagraphs(String(text.prefix(shownLimit))))"
            + "<p class=\"cut-note\">… (\(rest) more characters; full text in <a href=\"\(escapeHTML(dataHref))\">data/results.json</a>)</p>"
            + "</div></details>"
    }
}
