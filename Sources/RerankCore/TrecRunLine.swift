/// One line of a TREC run, `qid Q0 docid rank score tag`: the format trec_eval reads, the site's
/// data/*.run and `export trec` write, `import trec|beir --run` and `kind: run` read. Its one home:
/// reading (`parse`) and writing (`text`) a line; callers put the file and line number before a
/// problem (`file:line: message`). Fields are separated by spaces or tabs; the rank column is not
/// read (trec_eval orders by score too) and `Q0` is not checked (trec_eval ignores it).
public struct TrecRunLine: Hashable, Sendable {
    public var queryID: String
    public var docid: String
    public var score: Double

    public init(queryID: String, docid: String, score: Double) {
        self.queryID = queryID; self.docid = docid; self.score = score
    }

    /// The layout, for messages.
    public static let layout = "qid Q0 docid rank score tag"

    /// What one line holds: nothing (blank), a score, or a problem in plain words.
    public enum Parsed: Hashable, Sendable {
        case blank
        case line(TrecRunLine)
        case problem(String)
    }

    /// Reads one line's bytes (without its line feed; a CR before it is ignored). Pure.
    public static func parse<Bytes: BidirectionalCollection>(_ bytes: Bytes) -> Parsed where Bytes.Element == UInt8 {
        let content = bytes.last == 0x0D ? bytes.dropLast() : bytes[...]
        let fields = content.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        if fields.isEmpty { return .blank }
        guard fields.count == 6 else {
            return .problem("expected 6 fields '\(layout)', found \(fields.count)")
        }
        let scoreText = String(decoding: fields[4], as: UTF8.self)
        guard let score = number(scoreText) else {
            return .problem("score '\(scoreText)' is not a finite number")
        }
        return .line(TrecRunLine(queryID: String(decoding: fields[0], as: UTF8.self),
                                 docid: String(decoding: fields[2], as: UTF8.self), score: score))
    }

    /// A finite decimal number, or nil: `nan`, `inf`, `1e999` and hexadecimal `0x10` are refused.
    public static func number(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ "0123456789+-.eE".contains($0) }), let d = Double(text), d.isFinite else {
            return nil
        }
        return d
    }

    /// The line as written (with its line feed), the score already formatted by the caller.
    public static func text(queryID: String, docid: String, rank: Int, score: String, tag: String) -> String {
        "\(queryID) Q0 \(docid) \(rank) \(score) \(tag)\n"
    }
}
