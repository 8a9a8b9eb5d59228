import RerankCore

/// Control characters (Unicode category Cc) other than tab, line feed and carriage return: they
/// are invisible on a page and mean nothing in a query or a candidate, so a case file may not
/// hold them, raw or (in YAML) escaped.
enum ControlCharacters {
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
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
    static func problems(lines: [String], numbers: [Int], path: String) -> [CaseProblem] {
        var problems: [CaseProblem] = []
        for number in numbers {
            let scalars = Array(lines[number - 1].unicodeScalars)
            guard let index = scalars.firstIndex(where: isForbidden) else { continue }
            let others = scalars[(index + 1)...].filter(isForbidden).count
            var message = "control character \(name(scalars[index])) is not allowed in a case file; remove it"
            if others > 0 { message += " (and \(others) more on this line)" }
            problems.append(CaseProblem(location: SourceLocation(file: path, line: number, column: index + 1),
                                        field: "file", message: message))
        }
        return problems
    }
}
