import Mustache

/// The escaping of `{{name}}` in the theme's templates: swift-mustache's own HTML escaping, same
/// result, without its cost. swift-mustache escapes by walking the text's Characters (grapheme
/// clusters) and looking each one up in a dictionary, about a tenth of a 2,000-case build; most
/// values (ids, numbers, class names) have nothing to escape, and one pass over their bytes says so.
///
/// A template starts in this content type when `Theme.makeLibrary` puts `pragma` on a line of its
/// own before its first line; the parser drops a line that holds only that tag, so the template
/// renders as written, and one that names its own `{{% CONTENT_TYPE: … }}` still gets that one.
struct TemplateHTML: MustacheContentType {
    static let name = "RERANK_SITE_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    /// Registered with swift-mustache once, before any template naming it is parsed.
    static let registered: Void = MustacheContentTypes.register(TemplateHTML(), named: name)

    func escapeText(_ text: String) -> String {
        // No byte of the five characters: the text comes back as is, as from the Character walk.
        let needsWork = text.utf8.contains { b in
            b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"")
                || b == UInt8(ascii: "'")
        }
        guard needsWork else { return text }
        return mustacheHTMLEscape(text)
    }
}

/// swift-mustache's `htmlEscape` (String.swift) as it stands: a Character is replaced only when it is
/// exactly one of the five, so a `<` that a combining mark joins into one Character stays as it is.
func mustacheHTMLEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for c in text {
        switch c {
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}
