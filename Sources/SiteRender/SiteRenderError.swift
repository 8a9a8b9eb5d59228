/// Everything that can go wrong while rendering a site, with the file, case or template it concerns.
public indirect enum SiteRenderError: Error, Equatable, CustomStringConvertible {
    /// A theme file could not be read or parsed (`file` relative to the theme folder).
    case template(file: String, message: String)
    /// A template does not parse: `file` as `templates/NAME.mustache`, the line and column where the
    /// parser stopped (when known) and the cause in words.
    case templateSyntax(file: String, line: Int?, column: Int?, cause: String)
    /// Templates ask for values the pages do not have (a misspelt or unknown name), one entry per name.
    case missingValues([MissingValue])
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
    /// Several problems found in one pass (every broken theme file), in order.
    case several([SiteRenderError])

    public var description: String {
        switch self {
        case let .template(file, message): return "theme file \(file): \(message)"
        case let .templateSyntax(file, line, column, cause):
            let place = [line, column].compactMap { $0 }.map(String.init).joined(separator: ":")
            return "\(file)\(place.isEmpty ? "" : ":" + place): \(cause)"
        case let .missingValues(values):
            return values.map(\.description).joined(separator: "\n  ")
        case let .missingTemplate(name): return "theme has no template \(name).mustache"
        case let .badSlug(slug, reason): return "case slug \"\(slug)\": \(reason)"
        case let .duplicatePath(path): return "two outputs would be written to \(path)"
        case let .inconsistentResults(slug, detail): return "case \(slug): \(detail)"
        case let .export(file, message): return "export \(file): \(message)"
        case let .several(problems): return problems.map(\.description).joined(separator: "\n  ")
        }
    }
}

/// A name a template asks for that its page does not provide.
public struct MissingValue: Equatable, Sendable, CustomStringConvertible {
    /// The name inside the tag (`nope` for `{{nope}}`).
    public var name: String
    /// The template being rendered when it was asked for (`case`, `index`, `layout`).
    public var template: String
    /// Where the tag is written, as `templates/NAME.mustache:LINE` (partials included); empty when
    /// no tag could be found (a changed delimiter).
    public var locations: [String]

    public var description: String {
        let place = locations.first ?? "templates/\(template).mustache"
        let more = locations.count > 1 ? " (also at \(locations.dropFirst().joined(separator: ", ")))" : ""
        return "\(place): the template asks for '\(name)', which the \(template) page does not have\(more)"
    }
}
