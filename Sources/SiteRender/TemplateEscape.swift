import Mustache

/// The escaping of `{{name}}` in the theme's templates: the module's one rule, `escapeHTML`, which
/// replaces each of the five characters as a Unicode scalar. swift-mustache's default escaping
/// compares whole Characters (grapheme clusters), so a `"` that a combining mark joins into one
/// Character stays raw, and `title="{{title}}"` in a theme override would let case text end the
/// attribute and add its own (`onmouseover=…`). Its Character walk is also about a tenth of a
/// 2,000-case build; most values have nothing to escape, and one pass over their bytes says so.
///
/// A template starts in this content type when `Theme.makeLibrary` puts `pragma` on a line of its
/// own before its first line; the parser drops a line that holds only that tag, so the template
/// renders as written, and one that names its own `{{% CONTENT_TYPE: … }}` still gets that one.
struct TemplateHTML: MustacheContentType {
    static let name = "RERANK_SITE_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    /// Registered with swift-mustache once, before any template naming it is parsed.
    static let registered: Void = MustacheContentTypes.register(TemplateHTML(), named: name)

    func escapeText(_ text: String) -> String { escapeHTML(text) }
}
