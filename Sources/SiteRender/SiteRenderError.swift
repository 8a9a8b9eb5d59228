/// Everything that can go wrong while rendering a site, with the file, case or template it concerns.
public enum SiteRenderError: Error, Equatable, CustomStringConvertible {
    /// A theme file could not be read or parsed (`file` relative to the theme folder).
    case template(file: String, message: String)
    /// A template the renderer needs is missing from the theme.
    case missingTemplate(name: String)
    /// A case slug that cannot become a file path (empty segment, `..`, leading `/`...).
    case badSlug(slug: String, reason: String)
    /// Two cases or scorers would write the same file.
    case duplicatePath(path: String)
    /// The results are inconsistent (a ranking's length differs from the case's candidates...).
    case inconsistentResults(caseSlug: String, detail: String)
    /// An export could not be encoded.
    case export(file: String, message: String)

    public var description: String {
        switch self {
        case let .template(file, message): return "theme file \(file): \(message)"
        case let .missingTemplate(name): return "theme has no template \(name).mustache"
        case let .badSlug(slug, reason): return "case slug \"\(slug)\": \(reason)"
        case let .duplicatePath(path): return "two outputs would be written to \(path)"
        case let .inconsistentResults(slug, detail): return "case \(slug): \(detail)"
        case let .export(file, message): return "export \(file): \(message)"
        }
    }
}
