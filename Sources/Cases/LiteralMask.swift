import RerankCore

/// The lines cmark sees: the file's lines with the text of the Query, Rewrites and Candidates
/// sections made inert, so that what the text resembles cannot change the case's structure.
///
/// cmark finds the structure (headings, lists, items, block quotes, code fences); the text itself
/// is always cut from the original lines (see `BlockText`). In those three sections a line whose
/// text starts with `<` would open an HTML block, which swallows the following lines (a label, the
/// next candidate, even the next heading). Here such a `<` is replaced by a letter for cmark only.
/// A line that is wholly an HTML comment (`<!-- … -->`, possibly over several lines) is a comment
/// and becomes blank; a comment with text after it on its last line is text like any other.
///
/// Sections are found here the simple way, line by line: an ATX `##` heading outside a code fence
/// (or a known name underlined with `---`). Prose sections are left exactly as written.
struct LiteralMask {
    /// The lines to hand to cmark; as many as the file has.
    private(set) var lines: [String]
    private(set) var problems: [CaseProblem] = []
    /// The first line of a comment found to have no `-->` after it.
    private var unclosedFrom: Int?

    init(lines source: [String], path: String) {
        lines = source
        var fence: Fence?
        var inData = false
        var index = 0
        while index < source.count {
            let line = source[index]
            let content = Self.content(of: line)
            if let open = fence {
                if open.isClosed(by: content) { fence = nil }
                index += 1
                continue
            }
            if let heading = Self.sectionHeading(line, next: index + 1 < source.count ? source[index + 1] : nil) {
                inData = CaseParser.knownSections[heading.title.lowercased()] != nil
                index += heading.lineCount
                continue
            }
            if let opened = Fence(opening: content) {
                fence = opened
            } else if inData, content.hasPrefix("<") {
                index = maskHTML(from: index, source: source, path: path)
                continue
            }
            index += 1
        }
    }

    /// Masks the line at `start` (its text starts with `<`); returns the index of the next line to read.
    private mutating func maskHTML(from start: Int, source: [String], path: String) -> Int {
        let content = Self.content(of: source[start])
        guard content.hasPrefix("<!--") else {
            lines[start] = Self.neutralized(source[start])
            return start + 1
        }
        // A comment: find its end, `-->` after the opening `<!--`. Once a search has run to the
        // end of the file, every later comment is unclosed too: no line is searched twice.
        var searchFrom = Substring(content).dropFirst(4)
        var index = start
        while unclosedFrom.map({ start < $0 }) ?? true {
            if let end = searchFrom.range(of: "-->") {
                if searchFrom[end.upperBound...].isBlank {
                    for number in start...index { lines[number] = "" }
                    return index + 1
                }
                // Text follows the comment: it is all text, read line by line like any other.
                lines[start] = Self.neutralized(source[start])
                return start + 1
            }
            index += 1
            guard index < source.count else { unclosedFrom = start; break }
            searchFrom = Substring(source[index])
        }
        let column = source[start].unicodeScalars.count - content.unicodeScalars.count + 1
        problems.append(CaseProblem(location: SourceLocation(file: path, line: start + 1, column: column),
            field: "sections", message: "unclosed HTML comment: this '<!--' has no '-->' after it; "
                + "close it, or write the text some other way if it is not a comment"))
        lines[start] = Self.neutralized(source[start])
        return start + 1
    }

    /// A level-2 section heading at `line`: `## Title` (up to 3 spaces before it), or a line
    /// underlined by `next` made of `-` (setext), which takes two lines.
    static func sectionHeading(_ line: String, next: String?) -> (title: String, lineCount: Int)? {
        let indent = line.prefix(while: { $0 == " " })
        if indent.count <= 3 {
            let rest = line.dropFirst(indent.count)
            if rest.hasPrefix("##"), !rest.hasPrefix("###") {
                let after = rest.dropFirst(2)
                if after.isEmpty || after.first == " " || after.first == "\t" {
                    // An optional closing run of `#` after a space is not part of the title.
                    let title = after.trimmed
                    let closing = title.reversed().prefix(while: { $0 == "#" }).count
                    let kept = title.dropLast(closing)
                    return (closing > 0 && (kept.isEmpty || kept.last == " ") ? kept.trimmed : title, 1)
                }
            }
        }
        // Setext: only a known section's name counts, so an underlined line of text inside a
        // candidate never cuts the section.
        guard let next, indent.count <= 3, content(of: line) == line.trimmed,
              CaseParser.knownSections[line.trimmed.lowercased()] != nil else { return nil }
        let underline = next.trimmed
        guard !underline.isEmpty, underline.allSatisfy({ $0 == "-" }),
              next.prefix(while: { $0 == " " }).count <= 3 else { return nil }
        return (line.trimmed, 2)
    }

    /// A line's text after its indentation and any block-quote and list markers.
    static func content(of line: String) -> String {
        var scalars = Substring(line).unicodeScalars
        while true {
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            if scalars.first == ">" { scalars.removeFirst(); continue }
            if let marker = listMarkerLength(scalars) { scalars.removeFirst(marker); continue }
            return String(scalars)
        }
    }

    /// The length of a list marker (`-`, `+`, `*`, `1.`, `1)`) at the start of `scalars`, when a
    /// space, a tab or the line's end follows it.
    private static func listMarkerLength(_ scalars: Substring.UnicodeScalarView) -> Int? {
        var length = 0
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return nil }
        if first == "-" || first == "+" || first == "*" {
            length = 1
        } else if first.properties.numericType != nil, first.isASCII {
            length = 1
            var digit = iterator.next()
            while let current = digit, current.isASCII, current.properties.numericType != nil, length < 9 {
                length += 1; digit = iterator.next()
            }
            guard let delimiter = digit, delimiter == "." || delimiter == ")" else { return nil }
            length += 1
        } else {
            return nil
        }
        let after = scalars.dropFirst(length).first
        return after == nil || after == " " || after == "\t" ? length : nil
    }

    /// `line` with the `<` that starts its text replaced by a letter.
    private static func neutralized(_ line: String) -> String {
        let prefixLength = line.unicodeScalars.count - content(of: line).unicodeScalars.count
        var scalars = Array(line.unicodeScalars)
        if prefixLength < scalars.count { scalars[prefixLength] = "x" }
        return String(String.UnicodeScalarView(scalars))
    }
}
