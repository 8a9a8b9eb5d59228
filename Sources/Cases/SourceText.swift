/// A file's text as lines, the coordinate system of every location the parser reports.
///
/// Line endings `\n`, `\r\n` and `\r` all end a line, so CRLF files get the same lines as LF
/// files; a leading byte-order mark is dropped. Columns reported to users count Unicode scalars
/// (as Yams does), while cmark reports byte columns: `column(line:byteColumn:)` converts.
struct SourceText {
    /// Lines without their terminators; `lines[0]` is line 1.
    let lines: [String]

    init(_ text: String) {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !afterCR { lines.append(String(current)); current = .init() }
                afterCR = false
            } else if scalar == "\r" {
                lines.append(String(current)); current = .init()
                afterCR = true
            } else {
                afterCR = false
                current.append(scalar)
            }
        }
        lines.append(String(current))
        if let first = lines.first, first.unicodeScalars.first == "\u{FEFF}" {
            lines[0] = String(first.unicodeScalars.dropFirst())
        }
        self.lines = lines
    }

    var lineCount: Int { lines.count }

    /// Line `number` (1-based); empty outside the file.
    func line(_ number: Int) -> String {
        number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }

    /// The 1-based scalar column of the 1-based byte column `byteColumn` on line `line`.
    func column(line: Int, byteColumn: Int) -> Int {
        let utf8 = self.line(line).utf8
        let end = utf8.index(utf8.startIndex, offsetBy: max(0, byteColumn - 1), limitedBy: utf8.endIndex)
            ?? utf8.endIndex
        return String(decoding: utf8[utf8.startIndex..<end], as: UTF8.self).unicodeScalars.count + 1
    }
}

extension StringProtocol {
    /// The text with surrounding whitespace (including newlines) removed.
    var trimmed: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// True when the text holds only whitespace.
    var isBlank: Bool { unicodeScalars.allSatisfy { $0.properties.isWhitespace } }
}

/// Lines with blank lines removed from both ends, joined by `\n`.
func joinTrimmingBlankEdges(_ lines: ArraySlice<String>) -> String {
    var slice = lines
    while let first = slice.first, first.isBlank { slice.removeFirst() }
    while let last = slice.last, last.isBlank { slice.removeLast() }
    return slice.joined(separator: "\n")
}
