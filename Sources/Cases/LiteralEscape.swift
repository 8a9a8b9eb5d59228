/// The escapes of literal text (the query, the rewrites and the candidates), so that any text can
/// be written into a case file and read back as it was.
///
/// Two rules, both a backslash, as CommonMark escapes:
///
/// - **At the start of a line**: a line whose text starts with a backslash followed by what would
///   otherwise be Markdown structure (`structureStart`: a list marker, `>`, a `#` heading, a code
///   fence, the start of a rule or underline (`--`, `**`, `_`, `=`), an HTML comment, a link
///   definition, or more backslashes before one of these) reads without that one
///   backslash. A backslash before anything else is text, as it always was.
/// - **Before a marker-like brace** (candidates only): a `{` that would start a `{rel=…}` or
///   `{id=…}` marker, with one or more backslashes right before it, is text, and one of those
///   backslashes is dropped.
///
/// The parser applies them in `BlockText.paragraphLines` and `RelevanceLabel.extract`; `escape`
/// is their inverse, for every writer of case files.
public enum LiteralEscape {
    /// `text` as it must be written in a case file (each line escaped where it needs to be) to
    /// read back as `text`. `markers`: the text is a candidate's, where `{rel=…}`/`{id=…}` groups
    /// are read as markers, so marker-like braces outside code spans are escaped too.
    public static func escape(_ text: String, markers: Bool) -> String {
        guard mayNeedEscape(text) else { return text }
        var out: [String] = []
        // Code spans never cross a blank line (each paragraph is read on its own).
        for paragraph in text.components(separatedBy: "\n\n") {
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { TextLine(text: String($0.element), line: $0.offset + 1, cut: 0) }
            let braced = markers ? escapeBraces(lines) : lines.map(\.text)
            out.append(braced.map { structureStart($0[...]) ? "\\" + $0 : $0 }.joined(separator: "\n"))
        }
        return out.joined(separator: "\n\n")
    }

    /// Whether the text has a `{` or a line that starts with a byte some structure starts with;
    /// text without either (most of it) is written as it is.
    private static func mayNeedEscape(_ text: String) -> Bool {
        var atLineStart = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: "{") { return true }
            if atLineStart, lineStartBytes.contains(byte) || (byte >= 0x30 && byte <= 0x39) { return true }
            atLineStart = byte == 0x0A
        }
        return false
    }

    private static let lineStartBytes = Set(">-+*_=#`~<[\\".utf8)

    /// Each line with a backslash added before every marker-like `{` outside code spans.
    private static func escapeBraces(_ lines: [TextLine]) -> [String] {
        let inCode = RelevanceLabel.codeSpans(lines)
        return lines.enumerated().map { lineIndex, line in
            let scalars = Array(line.text.unicodeScalars)
            var out = String.UnicodeScalarView()
            for (index, scalar) in scalars.enumerated() {
                if scalar == "{", !inCode[lineIndex][index], RelevanceLabel.startsLabel(scalars, at: index + 1) {
                    out.append("\\")
                }
                out.append(scalar)
            }
            return String(out)
        }
    }

    /// The line as read: one leading backslash dropped when what follows it would be structure.
    /// Returns nil when the line has no escape.
    static func unescapeLineStart(_ line: Substring) -> Substring? {
        guard line.first == "\\", structureStart(line.dropFirst()) else { return nil }
        return line.dropFirst()
    }

    /// Whether a line of literal text, written as it is, would be read as something else: after
    /// any backslashes, it starts with Markdown block structure. Decided by the line's start alone,
    /// so a marker written after the text (`--- {rel=1}`) does not change it. (Leading blanks are
    /// not escaped: a case file drops them, and an import tidies them away first.)
    static func structureStart(_ line: Substring) -> Bool {
        let rest = line.drop { $0 == "\\" }
        guard let first = rest.first else { return false }
        switch first {
        case ">":
            return true
        case "-", "+", "*":
            // A list marker; or, for `-` and `*`, the start of a rule or underline (`---`, `**`).
            guard let next = rest.dropFirst().first else { return true }
            return isBlank(next) || (next == first && first != "+")
        case "_", "=":
            // Rules (`___`) and underlines (`===`) start so; any such line is escaped.
            return true
        case "#":
            let hashes = rest.prefix { $0 == "#" }.count
            return hashes <= 6 && (rest.dropFirst(hashes).first.map(isBlank) ?? true)
        case "`", "~":
            return rest.prefix { $0 == first }.count >= 3
        case "<":
            return rest.hasPrefix("<!--")
        case "[":
            return rest.contains("]:")
        default:
            // An ordered list marker: 1 to 9 digits, then `.` or `)`, then a blank or the end.
            let digits = rest.prefix { $0.isASCII && $0.isNumber }.count
            guard (1...9).contains(digits) else { return false }
            let after = rest.dropFirst(digits)
            guard let delimiter = after.first, delimiter == "." || delimiter == ")" else { return false }
            return after.dropFirst().first.map(isBlank) ?? true
        }
    }

    private static func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" }
}
