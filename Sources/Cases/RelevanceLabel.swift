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
    ///
    /// Fast paths: a line without a `{` byte holds no label and is not decoded into scalars, and
    /// code spans are worked out only when some line holds a backtick (else nothing is code).
    static func extract(from lines: [TextLine], path: String,
                        labels: inout [RelevanceLabel], problems: inout [CaseProblem]) -> [TextLine] {
        extract(from: lines, path: path, labels: &labels, problems: &problems, fast: true)
    }

    /// The plain extraction, every line decoded and code spans always computed; tests compare
    /// `extract` with it.
    static func referenceExtract(from lines: [TextLine], path: String,
                                 labels: inout [RelevanceLabel], problems: inout [CaseProblem]) -> [TextLine] {
        extract(from: lines, path: path, labels: &labels, problems: &problems, fast: false)
    }

    private static func extract(from lines: [TextLine], path: String, labels: inout [RelevanceLabel],
                                problems: inout [CaseProblem], fast: Bool) -> [TextLine] {
        var result = lines
        let hasBrace = lines.map { !fast || $0.text.utf8.contains(UInt8(ascii: "{")) }
        let anyCode = !fast || lines.contains { $0.text.utf8.contains(UInt8(ascii: "`")) }
        let inCode = hasBrace.contains(true) && anyCode ? codeSpans(lines) : []
        for (lineIndex, textLine) in lines.enumerated() where hasBrace[lineIndex] {
            let scalars = Array(textLine.text.unicodeScalars)
            let isLastLine = lineIndex == lines.count - 1
            var index = 0
            while index < scalars.count {
                guard scalars[index] == "{", !(anyCode && inCode[lineIndex][index]),
                      startsLabel(scalars, at: index + 1) else {
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
        // The backtick runs, in order; a backslash before a run escapes its first backtick.
        var runs: [(start: Int, length: Int)] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\\" { index += 2; continue }
            guard scalars[index] == "`" else { index += 1; continue }
            let start = index
            while index < scalars.count, scalars[index] == "`" { index += 1 }
            runs.append((start, index - start))
        }
        // Each opening run closes at the next run of the same length; the runs of each length
        // are walked once, so the whole is linear however many runs stay unmatched.
        var runsOfLength: [Int: [Int]] = [:]
        for (number, run) in runs.enumerated() { runsOfLength[run.length, default: []].append(number) }
        var cursor: [Int: Int] = [:]
        var inside = [Bool](repeating: false, count: scalars.count)
        var number = 0
        while number < runs.count {
            let run = runs[number]
            let candidates = runsOfLength[run.length] ?? []
            var next = cursor[run.length] ?? 0
            while next < candidates.count, candidates[next] <= number { next += 1 }
            cursor[run.length] = next
            guard next < candidates.count else { number += 1; continue }
            let close = runs[candidates[next]]
            for position in run.start..<(close.start + close.length) { inside[position] = true }
            number = candidates[next] + 1
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
