import RerankCore

/// One line of a block's text as the author wrote it, with where it came from.
struct TextLine {
    var text: String
    /// 1-based line in the file.
    var line: Int
    /// Scalars cut from the start of the source line (marker and indentation).
    var cut: Int
}

/// The source text of blocks, cut out of the file's lines: the plain text the author wrote,
/// never a re-rendering of the AST.
struct BlockText {
    let source: SourceText
    let path: String

    /// A paragraph's lines: the first starts at the paragraph's column (after any list marker),
    /// the others lose their leading indentation; trailing spaces and tabs are dropped, and a
    /// line-start escape (`LiteralEscape`) is read.
    func paragraphLines(_ block: MarkdownBlock) -> [TextLine] {
        var lines: [TextLine] = []
        for number in block.startLine...max(block.startLine, block.endLine) {
            let full = source.line(number)
            var scalars = Substring(full).unicodeScalars
            if number == block.startLine {
                scalars = Substring(dropBytes(block.startByteColumn - 1, of: full)).unicodeScalars
            }
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            // `\- item`, `\> quote`, …: the escaped line start (see `LiteralEscape`).
            if scalars.first == "\\", let unescaped = LiteralEscape.unescapeLineStart(Substring(scalars)) {
                scalars = unescaped.unicodeScalars
            }
            let cut = full.unicodeScalars.count - scalars.count
            while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
            lines.append(TextLine(text: String(scalars), line: number, cut: cut))
        }
        return lines
    }

    /// Any other block inside a list item (code, nested list, HTML): its lines with the item's
    /// indentation (the block's start column) removed, relative indentation kept.
    func indentedLines(_ block: MarkdownBlock) -> String {
        let indent = block.startByteColumn - 1
        var lines: [String] = []
        for number in block.startLine...max(block.startLine, block.endLine) {
            let full = source.line(number)
            lines.append(number == block.startLine ? dropBytes(indent, of: full) : dropIndent(indent, of: full))
        }
        return joinTrimmingBlankEdges(lines[...].map { String($0.trimmingTrailingBlanks) }[...])
    }

    /// A block quote's content as Markdown: one level of `>` markers removed from each line.
    func quoteContent(_ block: MarkdownBlock) -> String {
        var lines: [String] = []
        for number in block.startLine...max(block.startLine, block.endLine) {
            let full = source.line(number)
            var scalars = Substring(number == block.startLine ? dropBytes(block.startByteColumn - 1, of: full) : full)
                .unicodeScalars
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            if scalars.first == ">" {
                scalars.removeFirst()
                if let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            }
            lines.append(String(String(scalars).trimmingTrailingBlanks))
        }
        return joinTrimmingBlankEdges(lines[...])
    }

    func location(_ block: MarkdownBlock) -> SourceLocation {
        SourceLocation(file: path, line: block.startLine,
                       column: source.column(line: block.startLine, byteColumn: block.startByteColumn))
    }

    /// `text` without its first `count` bytes (list markers and indentation are ASCII).
    func dropBytes(_ count: Int, of text: String) -> String {
        let utf8 = text.utf8
        guard count > 0,
              let start = utf8.index(utf8.startIndex, offsetBy: count, limitedBy: utf8.endIndex) else { return text }
        return String(decoding: utf8[start...], as: UTF8.self)
    }

    /// `text` without up to `width` columns of leading spaces (a tab counts to the next multiple of 4).
    private func dropIndent(_ width: Int, of text: String) -> String {
        var column = 0
        var scalars = Substring(text).unicodeScalars
        while column < width, let first = scalars.first {
            if first == " " { column += 1 } else if first == "\t" { column += 4 - column % 4 } else { break }
            scalars.removeFirst()
        }
        return String(scalars)
    }
}

extension StringProtocol {
    var trimmingTrailingBlanks: Substring {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return Substring(scalars)
    }
}

/// Text with every run of whitespace collapsed to one space, for comparing candidates.
///
/// Fast path for ASCII text: there every character is one byte (or CR LF, both whitespace), and
/// the whitespace characters are exactly tab, LF, VT, FF, CR and space, so runs are found byte by
/// byte. Any other text takes `referenceNormalizedWhitespace`, where a character is whitespace by
/// its first scalar's Unicode property (so U+3000, U+00A0 and a space carrying a combining mark
/// count too).
public func normalizedWhitespace(_ text: String) -> String {
    var text = text
    text.makeContiguousUTF8()
    let fast: String?? = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: bytes.count) { output in
            var count = 0
            var pendingSpace = false
            for byte in bytes {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace { output[count] = 0x20; count += 1; pendingSpace = false }
                    output[count] = byte; count += 1
                }
            }
            return count
        }
    }
    if let fast, let normalized = fast { return normalized }
    return referenceNormalizedWhitespace(text)
}

/// The plain normalisation, by characters; tests compare `normalizedWhitespace` with it.
func referenceNormalizedWhitespace(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

extension MarkdownBlock {
    /// How the block is called in messages.
    var kindName: String {
        switch kind {
        case .heading(let level): return "level-\(level) heading"
        case .paragraph: return "paragraph"
        case .list(let ordered): return ordered ? "numbered list" : "bullet list"
        case .item: return "list item"
        case .blockQuote: return "block quote"
        case .codeBlock: return "code block"
        case .htmlBlock: return "HTML block"
        case .thematicBreak: return "horizontal rule"
        case .other: return "block"
        }
    }
}
