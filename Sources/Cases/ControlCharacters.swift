import RerankCore

/// Control characters (Unicode category Cc) other than tab, line feed and carriage return: they
/// are invisible on a page and mean nothing in a query or a candidate, so a case file may not
/// hold them, raw or (in YAML) escaped.
enum ControlCharacters {
    /// Category Cc is fixed by Unicode as U+0000–U+001F and U+007F–U+009F (it never grows), so a
    /// range test answers what `referenceIsForbidden` asks the property tables; a test compares
    /// the two on every scalar.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        return value >= 0x7F && value <= 0x9F
    }

    /// The plain definition, by the Unicode general category.
    static func referenceIsForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control && scalar != "\t" && scalar != "\n" && scalar != "\r"
    }

    /// The first forbidden character of `text`, if any.
    static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isForbidden)
    }

    /// `U+0000 (NUL)`: how a control character is named in messages.
    static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let names: [UInt32: String] = [0x00: "NUL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                                       0x1B: "escape", 0x7F: "DEL"]
        return names[scalar.value].map { "\(code) (\($0))" } ?? code
    }

    /// One problem per line of `lines` (1-based numbers in `numbers`) that holds a forbidden
    /// character, at the first one, counting the others.
    ///
    /// Fast path: a forbidden scalar's UTF-8 starts with a byte below 0x20, 0x7F, or 0xC2 (for
    /// U+0080–U+009F), so a line with none of those bytes is skipped without decoding it.
    static func problems(lines: [String], numbers: [Int], path: String) -> [CaseProblem] {
        var problems: [CaseProblem] = []
        for number in numbers {
            let line = lines[number - 1]
            guard line.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { continue }
            var column = 0
            var first: (scalar: Unicode.Scalar, column: Int)?
            var others = 0
            for scalar in line.unicodeScalars {
                column += 1
                guard isForbidden(scalar) else { continue }
                if first == nil { first = (scalar, column) } else { others += 1 }
            }
            guard let first else { continue }
            problems.append(problem(first.scalar, others: others, line: number, column: first.column, path: path))
        }
        return problems
    }

    /// The plain scan, one array of scalars a line; tests compare `problems` with it.
    static func referenceProblems(lines: [String], numbers: [Int], path: String) -> [CaseProblem] {
        var problems: [CaseProblem] = []
        for number in numbers {
            let scalars = Array(lines[number - 1].unicodeScalars)
            guard let index = scalars.firstIndex(where: referenceIsForbidden) else { continue }
            let others = scalars[(index + 1)...].filter(referenceIsForbidden).count
            problems.append(problem(scalars[index], others: others, line: number, column: index + 1, path: path))
        }
        return problems
    }

    private static func problem(_ scalar: Unicode.Scalar, others: Int, line: Int, column: Int,
                                path: String) -> CaseProblem {
        var message = "control character \(name(scalar)) is not allowed in a case file; remove it"
        if others > 0 { message += " (and \(others) more on this line)" }
        return CaseProblem(location: SourceLocation(file: path, line: line, column: column),
                           field: "file", message: message)
    }
}
