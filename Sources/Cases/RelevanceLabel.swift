import RerankCore

/// The `{rel=N}` relevance label at the end of a candidate's paragraph.
///
/// Exactly `{rel=N}`: lower-case `rel`, no spaces, N a decimal integer 0…100. Anything else that
/// starts like a label (`{` then optional spaces then `rel`, any case) is reported as malformed,
/// so a typo never silently becomes candidate text.
struct RelevanceLabel {
    static let maximum = 100
    static let expected = "expected {rel=N} with an integer N ≥ 0"

    var value: Int
    var location: SourceLocation

    /// Finds labels in a paragraph's lines, removes a well-formed one at the paragraph's end and
    /// reports the rest. Returns the lines without the label (an emptied last line is dropped).
    static func extract(from lines: [TextLine], path: String,
                        labels: inout [RelevanceLabel], problems: inout [CaseProblem]) -> [TextLine] {
        var result = lines
        let inCode = codeSpans(lines)
        for (lineIndex, textLine) in lines.enumerated() {
            let scalars = Array(textLine.text.unicodeScalars)
            let isLastLine = lineIndex == lines.count - 1
            var index = 0
            while index < scalars.count {
                guard scalars[index] == "{", !inCode[lineIndex][index], startsLabel(scalars, at: index + 1) else {
                    index += 1; continue
                }
                let close = scalars[index...].firstIndex(of: "}")
                let tokenEnd = close.map { $0 + 1 } ?? scalars.count
                let token = String(String.UnicodeScalarView(scalars[index..<tokenEnd]))
                let location = SourceLocation(file: path, line: textLine.line, column: textLine.cut + index + 1)
                let atEnd = isLastLine && scalars[tokenEnd...].allSatisfy { $0 == " " || $0 == "\t" }
                if let value = wellFormedValue(token) {
                    if value > maximum {
                        problems.append(CaseProblem(location: location, field: "candidates",
                            message: "label '\(token)' is out of range: N must be at most \(maximum)"))
                    } else if !atEnd {
                        problems.append(CaseProblem(location: location, field: "candidates",
                            message: "label '\(token)' must come at the end of a paragraph of the candidate"))
                    } else if let first = labels.first {
                        problems.append(CaseProblem(location: location, field: "candidates",
                            message: "second label '\(token)': the candidate is already labelled "
                                + "{rel=\(first.value)} at line \(first.location.line)"))
                    } else {
                        labels.append(RelevanceLabel(value: value, location: location))
                        let kept = String(String.UnicodeScalarView(scalars[..<index])).trimmingTrailingBlanks
                        result[lineIndex].text = String(kept)
                    }
                } else {
                    problems.append(CaseProblem(location: location, field: "candidates",
                        message: "malformed label '\(token)': \(expected)"))
                }
                index = tokenEnd
            }
        }
        if let last = result.last, last.text.isEmpty { result.removeLast() }
        return result
    }

    /// For each scalar of each line: whether it lies in a code span (`` `…` ``, a run of backticks
    /// closed by a run of the same length, possibly on a later line). Text quoted as code is text,
    /// so a `{rel=2}` written there is not a label.
    static func codeSpans(_ lines: [TextLine]) -> [[Bool]] {
        var scalars: [Unicode.Scalar] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { scalars.append("\n") }
            scalars += line.text.unicodeScalars
        }
        var inside = [Bool](repeating: false, count: scalars.count)
        func run(at start: Int) -> Int {
            var end = start
            while end < scalars.count, scalars[end] == "`" { end += 1 }
            return end - start
        }
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "`" else { index += scalars[index] == "\\" ? 2 : 1; continue }
            let length = run(at: index)
            var search = index + length
            var close: Int?
            while search < scalars.count {
                if scalars[search] == "`" {
                    let found = run(at: search)
                    if found == length { close = search; break }
                    search += found
                } else {
                    search += 1
                }
            }
            guard let close else { index += length; continue }
            for position in index..<(close + length) { inside[position] = true }
            index = close + length
        }
        var result: [[Bool]] = []
        var offset = 0
        for line in lines {
            let count = line.text.unicodeScalars.count
            result.append(Array(inside[offset..<(offset + count)]))
            offset += count + 1
        }
        return result
    }

    /// True when optional spaces and then `rel` (any case) follow position `start`.
    private static func startsLabel(_ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        var index = start
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        guard index + 3 <= scalars.count else { return false }
        return String(String.UnicodeScalarView(scalars[index..<index + 3])).lowercased() == "rel"
    }

    /// N of an exact `{rel=N}`, nil for anything else; an N too large for Int counts as out of range.
    private static func wellFormedValue(_ token: String) -> Int? {
        guard token.hasPrefix("{rel="), token.hasSuffix("}"), token.count > 6 else { return nil }
        let digits = token.dropFirst(5).dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits) ?? Int.max
    }
}
