/// HTML escaping. Every piece of case text that reaches a page goes through `escapeHTML`, either
/// here (for markup built in Swift: SVG, tables of text) or through Mustache's `{{ }}`, which escapes
/// the same five characters.
///
/// The escaping rule of this module: a value inserted with triple mustache (`{{{ }}}`) has a key
/// ending in `Html` or `Svg` and was built by `SVGBuilder`, `renderMarkdown`, or the `html…` helpers
/// in this file, all of which escape every string they did not write themselves.
public func escapeHTML(_ text: String) -> String {
    // Most text needs nothing escaped: one pass over the bytes says so, and the text is returned as is.
    let needsWork = text.utf8.contains { b in
        b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"")
            || b == UInt8(ascii: "'") || (b < 0x20 && b != 0x0A && b != 0x09 && b != 0x0D)
    }
    guard needsWork else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            // C0 controls other than tab/newline are not allowed in HTML text or XML (SVG).
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" {
                out += "\u{FFFD}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}

/// Plain text as HTML paragraphs: blank lines separate paragraphs, single newlines become `<br>`.
/// Every paragraph carries `dir="auto"` so Arabic or Hebrew text runs right to left.
func htmlParagraphs(_ text: String) -> String {
    // One line (the common case): one paragraph, or none when the line is blank.
    if !text.utf8.contains(0x0A) {
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return "" }
        return "<p dir=\"auto\">" + escapeHTML(text) + "</p>"
    }
    let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
    var paragraphs: [String] = []
    var current: [String] = []
    for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            if !current.isEmpty { paragraphs.append(current.joined(separator: "<br>")); current = [] }
        } else {
            current.append(escapeHTML(String(line)))
        }
    }
    if !current.isEmpty { paragraphs.append(current.joined(separator: "<br>")) }
    return paragraphs.map { "<p dir=\"auto\">\($0)</p>" }.joined()
}

/// The first `limit` characters of `text` on one line (whitespace collapsed), with an ellipsis when cut.
func snippet(_ text: String, limit: Int) -> String {
    if let ascii = asciiSnippet(text, limit: limit) { return ascii }
    var collapsed = ""
    var count = 0
    var lastWasSpace = false
    // Stops once past the limit (one more character and a space, which may be trimmed), so a long
    // text costs what its snippet does.
    for ch in text {
        if count > limit + 1 { break }
        if ch.isWhitespace {
            if !lastWasSpace && count > 0 { collapsed.append(" "); count += 1 }
            lastWasSpace = true
        } else {
            collapsed.append(ch); count += 1; lastWasSpace = false
        }
    }
    while collapsed.last == " " { collapsed.removeLast() }
    guard collapsed.count > limit else { return collapsed }
    return String(collapsed.prefix(limit)) + "…"
}

/// `snippet` for text whose bytes up to the cut are ASCII, read as bytes (Character's `isWhitespace`
/// costs a Unicode property lookup per character); nil when a non-ASCII byte comes first, so the
/// caller takes the general path. ASCII whitespace: space, tab, LF, VT, FF, CR.
private func asciiSnippet(_ text: String, limit: Int) -> String? {
    var out: [UInt8] = []
    out.reserveCapacity(min(text.utf8.count, limit + 2))
    var lastWasSpace = false
    for b in text.utf8 {
        if out.count > limit + 1 { break }
        guard b < 0x80 else { return nil }
        if b == 0x20 || (0x09...0x0D).contains(b) {
            if !lastWasSpace && !out.isEmpty { out.append(0x20) }
            lastWasSpace = true
        } else {
            out.append(b); lastWasSpace = false
        }
    }
    while out.last == 0x20 { out.removeLast() }
    guard out.count > limit else { return String(decoding: out, as: UTF8.self) }
    return String(decoding: out[..<limit], as: UTF8.self) + "…"
}

/// Plain text whose `backquoted` spans become <code>, everything escaped.
func htmlWithCodeSpans(_ text: String) -> String {
    text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { i, part in
        i % 2 == 1 ? "<code>" + escapeHTML(String(part)) + "</code>" : escapeHTML(String(part))
    }.joined()
}
