import RerankCore

/// The `{rel=N}`, `{id=ID}` or `{id=ID rel=N}` marker at the end of a candidate's paragraph:
/// the candidate's relevance label, its stable id, or both (in either order).
///
/// Exactly that form: lower-case `rel` and `id`, one space between the two, no other spaces,
/// N a decimal integer 0…100, ID letters, digits and `- _ . : /`. Anything else that starts like
/// a marker (`{` then optional spaces then `rel`, any case, or `id` and `=`) is reported as
/// malformed, so a typo never silently becomes candidate text.
struct RelevanceLabel {
    static let maximum = 100
    static let expected = "expected {rel=N} with an integer N ≥ 0"
    static let expectedID = "expected {id=ID}, {id=ID rel=N} or {rel=N id=ID}; an id is letters, digits and - _ . : /"

    var value: Int?
    var id: String?
    var location: SourceLocation

    /// Finds labels in a paragraph's lines, removes a well-formed one at the paragraph's end and
    /// reports the rest. Returns the lines without the label (an emptied last line is dropped).
    ///
    /// Fast path: works on each line's UTF-8 bytes (`{`, `}`, spaces and tabs are single bytes
    /// that never occur inside a multi-byte character), counting scalars only for columns; a
    /// line without `{` is passed over, and code spans are worked out only when some line holds
    /// a backtick. `referenceExtract` is the plain version, on arrays of scalars.
    static func extract(from lines: [TextLine], path: String,
                        labels: inout [RelevanceLabel], problems: inout [CaseProblem]) -> [TextLine] {
        var result = lines
        let hasBrace = lines.map { $0.text.containsUTF8Byte { $0 == UInt8(ascii: "{") } }
        let anyCode = lines.contains { $0.text.containsUTF8Byte { $0 == UInt8(ascii: "`") } }
        let inCode = anyCode && hasBrace.contains(true) ? codeSpans(lines) : []
        for (lineIndex, textLine) in lines.enumerated() where hasBrace[lineIndex] {
            let bytes = Array(textLine.text.utf8)
            let isLastLine = lineIndex == lines.count - 1
            var index = 0
            var scalarIndex = 0
            var escapes: [Int] = []
            var cutAt: Int?
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "{"), !(anyCode && inCode[lineIndex][scalarIndex]),
                      startsLabel(bytes, at: index + 1) else {
                    index += 1
                    if index < bytes.count && !isContinuation(bytes[index]) { scalarIndex += 1 }
                    continue
                }
                if index > 0, bytes[index - 1] == UInt8(ascii: "\\") {
                    // `\{rel=1}` is text (see `LiteralEscape`): drop one backslash, read on after the `{`.
                    escapes.append(index - 1)
                    index += 1
                    scalarIndex += 1
                    continue
                }
                let close = bytes[index...].firstIndex(of: UInt8(ascii: "}"))
                let tokenEnd = close.map { $0 + 1 } ?? bytes.count
                let token = String(decoding: bytes[index..<tokenEnd], as: UTF8.self)
                let location = SourceLocation(file: path, line: textLine.line, column: textLine.cut + scalarIndex + 1)
                let atEnd = isLastLine
                    && bytes[tokenEnd...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                if judge(token, at: location, atEnd: atEnd, labels: &labels, problems: &problems) {
                    cutAt = index
                }
                // The token's first byte is `{`, where `scalarIndex` stands; move it past the token.
                scalarIndex += bytes[index..<tokenEnd].count { !isContinuation($0) }
                index = tokenEnd
            }
            if cutAt != nil || !escapes.isEmpty {
                result[lineIndex].text = keptText(bytes, escapes: escapes, cutAt: cutAt)
            }
        }
        if let last = result.last, last.text.isEmpty { result.removeLast() }
        return result
    }

    /// The plain extraction, every line as an array of scalars; tests compare `extract` with it.
    static func referenceExtract(from lines: [TextLine], path: String,
                                 labels: inout [RelevanceLabel], problems: inout [CaseProblem]) -> [TextLine] {
        var result = lines
        let inCode = codeSpans(lines)
        for (lineIndex, textLine) in lines.enumerated() {
            let scalars = Array(textLine.text.unicodeScalars)
            let isLastLine = lineIndex == lines.count - 1
            var index = 0
            var escapes: Set<Int> = []
            var cutAt: Int?
            while index < scalars.count {
                guard scalars[index] == "{", !inCode[lineIndex][index], startsLabel(scalars, at: index + 1) else {
                    index += 1; continue
                }
                if index > 0, scalars[index - 1] == "\\" {
                    escapes.insert(index - 1)
                    index += 1
                    continue
                }
                let close = scalars[index...].firstIndex(of: "}")
                let tokenEnd = close.map { $0 + 1 } ?? scalars.count
                let token = String(String.UnicodeScalarView(scalars[index..<tokenEnd]))
                let location = SourceLocation(file: path, line: textLine.line, column: textLine.cut + index + 1)
                let atEnd = isLastLine && scalars[tokenEnd...].allSatisfy { $0 == " " || $0 == "\t" }
                if judge(token, at: location, atEnd: atEnd, labels: &labels, problems: &problems) {
                    cutAt = index
                }
                index = tokenEnd
            }
            if cutAt != nil || !escapes.isEmpty {
                let kept = scalars[..<(cutAt ?? scalars.count)].enumerated().filter { !escapes.contains($0.offset) }.map(\.element)
                let text = String(String.UnicodeScalarView(kept))
                result[lineIndex].text = cutAt == nil ? text : String(text.trimmingTrailingBlanks)
            }
        }
        if let last = result.last, last.text.isEmpty { result.removeLast() }
        return result
    }

    /// The line's text up to a taken marker (trailing blanks dropped), without the backslash of
    /// each escaped brace.
    private static func keptText(_ bytes: [UInt8], escapes: [Int], cutAt: Int?) -> String {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var next = 0
        for escape in escapes where escape < (cutAt ?? bytes.count) {
            kept += bytes[next..<escape]
            next = escape + 1
        }
        kept += bytes[next..<(cutAt ?? bytes.count)]
        let text = String(decoding: kept, as: UTF8.self)
        return cutAt == nil ? text : String(text.trimmingTrailingBlanks)
    }

    /// Reports what is wrong with the marker-like `token`, or takes it as the candidate's label
    /// and id (and returns true: the caller cuts it from the line).
    private static func judge(_ token: String, at location: SourceLocation, atEnd: Bool,
                              labels: inout [RelevanceLabel], problems: inout [CaseProblem]) -> Bool {
        let marker: Marker
        switch parse(token) {
        case .failure(let malformed):
            problems.append(CaseProblem(location: location, field: "candidates", message: malformed.message))
            return false
        case .success(let parsed):
            marker = parsed
        }
        if let value = marker.rel, value > maximum {
            problems.append(CaseProblem(location: location, field: "candidates",
                message: "label '\(token)' is out of range: N must be at most \(maximum)"))
        } else if !atEnd {
            problems.append(CaseProblem(location: location, field: "candidates",
                message: "label '\(token)' must come at the end of a paragraph of the candidate"))
        } else if let first = labels.first {
            problems.append(CaseProblem(location: location, field: "candidates",
                message: "second label '\(token)': the candidate is already labelled "
                    + "\(first.written) at line \(first.location.line)"))
        } else {
            labels.append(RelevanceLabel(value: marker.rel, id: marker.id, location: location))
            return true
        }
        return false
    }

    /// The marker as written, for messages.
    var written: String {
        "{" + [id.map { "id=\($0)" }, value.map { "rel=\($0)" }].compactMap { $0 }.joined(separator: " ") + "}"
    }

    private struct Marker { var rel: Int?; var id: String? }
    private struct Malformed: Error { var message: String }

    /// The parts of an exact marker, or the message saying what is wrong with it. An N too large
    /// for Int counts as out of range.
    private static func parse(_ token: String) -> Result<Marker, Malformed> {
        let mentionsID = token.dropFirst().drop { $0 == " " || $0 == "\t" }.lowercased().hasPrefix("id")
            || token.contains(" id=")
        let malformed = Malformed(message: "malformed label '\(token)': \(mentionsID ? expectedID : expected)")
        guard token.hasPrefix("{"), token.hasSuffix("}"), token.count > 2 else { return .failure(malformed) }
        let parts = token.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return .failure(malformed) }
        var marker = Marker()
        for part in parts {
            if part.hasPrefix("rel="), marker.rel == nil {
                let digits = part.dropFirst(4)
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(malformed) }
                marker.rel = Int(digits) ?? Int.max
            } else if part.hasPrefix("id="), marker.id == nil {
                let id = String(part.dropFirst(3))
                if let problem = CandidateID.problem(id) {
                    return .failure(Malformed(message: "malformed label '\(token)': \(problem)"))
                }
                marker.id = id
            } else {
                return .failure(malformed)
            }
        }
        return .success(marker)
    }

    /// A UTF-8 byte that continues a character (10xxxxxx) rather than starting one.
    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

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

    /// `startsLabel` on UTF-8 bytes: ASCII letters compare without decoding; anything else takes
    /// the scalar test on the (at most 3) scalars that follow the blanks.
    private static func startsLabel(_ bytes: [UInt8], at start: Int) -> Bool {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        guard index + 3 <= bytes.count else {
            // Fewer than 3 bytes are fewer than 3 scalars.
            return false
        }
        let three = bytes[index..<index + 3]
        if three.allSatisfy({ $0 < 0x80 }) {
            // Only R/r, E/e, L/l, I/i and D/d become r, e, l, i and d when bit 0x20 is set.
            if three.map({ $0 | 0x20 }) == Array("rel".utf8) { return true }
            guard three.prefix(2).map({ $0 | 0x20 }) == Array("id".utf8) else { return false }
            var next = index + 2
            while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
            return next < bytes.count && bytes[next] == UInt8(ascii: "=")
        }
        let scalars = Array(String(decoding: bytes[index..<min(bytes.count, index + 12)], as: UTF8.self).unicodeScalars)
        return startsLabel(scalars, at: 0)
    }

    /// True when optional spaces and then `rel` (any case), or `id` (any case), optional spaces
    /// and `=`, follow position `start`.
    static func startsLabel(_ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        var index = start
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        guard index + 3 <= scalars.count else { return false }
        if String(String.UnicodeScalarView(scalars[index..<index + 3])).lowercased() == "rel" { return true }
        guard String(String.UnicodeScalarView(scalars[index..<index + 2])).lowercased() == "id" else { return false }
        var next = index + 2
        while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
        return next < scalars.count && scalars[next] == "="
    }
}
