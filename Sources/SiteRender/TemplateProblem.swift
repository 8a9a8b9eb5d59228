import Foundation
import Mustache

/// A template's syntax error, in words: `templates/NAME.mustache:LINE:COLUMN: cause`.
/// swift-mustache reports its own error types; these say what the author has to fix.
enum TemplateSyntax {
    /// The message for an error thrown while parsing `file` (a path such as `templates/case.mustache`).
    static func problem(file: String, text: String, error: Error) -> SiteRenderError {
        if let e = error as? MustacheTemplate.ParserError {
            // The parser stops at the end of the file for a section never closed; name where it opens.
            if case MustacheTemplate.Error.expectedSectionEnd = e.error, let open = unclosedSection(in: text) {
                return .templateSyntax(file: file, line: open.line, column: open.column,
                                       cause: "the section {{\(open.tag)}} opened here is never closed with {{/\(open.name)}}")
            }
            return .templateSyntax(file: file, line: e.context.lineNumber, column: e.context.columnNumber,
                                   cause: cause(e.error))
        }
        if let e = error as? MustacheLibrary.ParserError {
            return .templateSyntax(file: file, line: e.context.lineNumber, column: e.context.columnNumber,
                                   cause: cause(e.error))
        }
        return .templateSyntax(file: file, line: nil, column: nil, cause: "cannot be parsed as a Mustache template")
    }

    /// The innermost `{{#name}}` or `{{^name}}` left open at the end of `text` (default delimiters).
    static func unclosedSection(in text: String) -> (tag: String, name: String, line: Int, column: Int)? {
        var open: [(tag: String, name: String, line: Int, column: Int)] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let start = rest.range(of: "{{"), let end = rest[start.upperBound...].range(of: "}}") {
                let tag = rest[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                let column = line.distance(from: line.startIndex, to: start.lowerBound) + 1
                rest = rest[end.upperBound...]
                guard let sigil = tag.first else { continue }
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                if sigil == "#" || sigil == "^" {
                    open.append((tag, name, n + 1, column))
                } else if sigil == "/", let i = open.lastIndex(where: { $0.name == name }) {
                    open.removeSubrange(i...)
                }
            }
        }
        return open.last
    }

    static func cause(_ error: Error) -> String {
        guard let e = error as? MustacheTemplate.Error else {
            return "the template ends inside a tag ({{ without its closing }})"
        }
        switch e {
        case .sectionCloseNameIncorrect:
            return "a closing tag {{/…}} does not match the section that is open ({{#…}} or {{^…}} of another name)"
        case .unfinishedName:
            return "a tag is not closed or its name is malformed (expected a name followed by }})"
        case .expectedSectionEnd:
            return "a section opened with {{#…}} or {{^…}} is never closed with {{/…}}"
        case .invalidSetDelimiter:
            return "a set-delimiter tag {{=… …=}} is malformed"
        case .transformAppliedToInheritanceSection:
            return "a transform cannot be applied to an inherited block"
        case .illegalTokenInsideInheritSection:
            return "only block definitions {{$…}} may appear inside a partial's inheritance section"
        case .textInsideInheritSection:
            return "text is not allowed inside a partial's inheritance section"
        case .invalidConfigVariableSyntax:
            return "a configuration tag {{% NAME: VALUE}} is malformed"
        case .unrecognisedConfigVariable:
            return "a configuration tag {{% …}} names an unknown setting"
        }
    }
}

/// The root of a page's model as Mustache sees it. Mustache looks a name up in each open section's
/// value, innermost first, and last in the root; so a name the root does not have either is one no
/// context had, which would render as an empty string. This records those names, and the page fails
/// with them instead of rendering a hole.
final class CheckedModel: MustacheParent {
    private let values: [String: Any]
    /// The page's typed model, asked after `values` (which hold what every page has, e.g. `root`).
    private let typed: MustacheParent?
    /// Names no context had, in the order first asked for.
    private(set) var missing: [String] = []

    init(_ values: [String: Any], typed: MustacheParent? = nil) { self.values = values; self.typed = typed }

    func child(named name: String) -> Any? {
        if let value = values[name] { return value }
        if let value = typed?.child(named: name) { return value }
        if !missing.contains(name) { missing.append(name) }
        return nil
    }
}

/// Where templates ask for a name: every `{{name}}`, `{{{name}}}`, `{{&name}}`, `{{#name}}`, `{{^name}}`
/// (and dotted `{{name.more}}`) tag in the theme's templates, as (template, line), templates sorted.
func tagLocations(of name: String, in templates: [String: String]) -> [(template: String, line: Int)] {
    var found: [(template: String, line: Int)] = []
    for (template, text) in templates.sorted(by: { $0.key < $1.key }) {
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                rest = rest[close.upperBound...]
                if let sigil = tag.first, "#^&{".contains(sigil) { tag.removeFirst() }
                if tag.trimmingCharacters(in: .whitespaces).prefix(while: { $0 != "." }) == name {
                    found.append((template, n + 1))
                    break
                }
            }
        }
    }
    return found
}

/// `template` and every partial it includes (`{{> name}}`), directly or through other partials.
func templatesReachable(from template: String, in templates: [String: String]) -> Set<String> {
    var seen: Set<String> = [template]
    var queue = [template]
    while let name = queue.popLast() {
        var rest = (templates[name] ?? "")[...]
        while let open = rest.range(of: "{{>"), let close = rest[open.upperBound...].range(of: "}}") {
            let partial = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if templates[partial] != nil, seen.insert(partial).inserted { queue.append(partial) }
        }
    }
    return seen
}
