/// A file's text as lines, the coordinate system of every location the parser reports.
///
/// Line endings `\n`, `\r\n` and `\r` all end a line, so CRLF files get the same lines as LF
/// files; a leading byte-order mark is dropped. Columns reported to users count Unicode scalars
/// (as Yams does), while cmark reports byte columns: `column(line:byteColumn:)` converts.
struct SourceText {
    /// Lines without their terminators; `lines[0]` is line 1.
    let lines: [String]

    init(_ text: String) {
        lines = SourceText.splitLines(text)
    }

    /// Fast path: `\n` and `\r` are single bytes that never occur inside a multi-byte UTF-8
    /// sequence, so lines are cut from the UTF-8 bytes directly, without decoding scalars.
    static func splitLines(_ text: String) -> [String] {
        var text = text
        text.makeContiguousUTF8()
        var lines: [String] = []
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                    start = index + 1
                }
                index += 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
            // A leading byte-order mark (EF BB BF) is not text.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                lines[0] = String(lines[0].unicodeScalars.dropFirst())
            }
        }
        // A contiguous string always offers its storage; the plain walk covers any other.
        return lines.isEmpty ? referenceLines(text) : lines
    }

    /// The plain split, one scalar at a time; tests compare `splitLines` with it.
    static func referenceLines(_ text: String) -> [String] {
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
        return lines
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

extension String {
    /// Whether any UTF-8 byte of the text satisfies `predicate`, scanning the storage directly
    /// (much faster than iterating `utf8` for long lines).
    func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: predicate) } ?? utf8.contains(where: predicate)
    }
}
