/// tokenizer.json `normalizer` of type BertNormalizer, as HF tokenizers' normalizers/bert.rs does it,
/// one scalar at a time: `clean_text` drops NUL, U+FFFD and control characters and turns
/// whitespace into a space; `handle_chinese_chars` puts spaces around CJK ideographs (so each is a
/// word of its own); `strip_accents` (default: the value of `lowercase`) decomposes (NFD) and drops
/// non-spacing marks; `lowercase` maps each scalar to its lowercase form (no context rules, as
/// Rust's `char::to_lowercase`).
struct BertNormalizer: Sendable {
    var cleanText: Bool
    var handleChineseChars: Bool
    var stripAccents: Bool
    var lowercase: Bool

    init(cleanText: Bool = true, handleChineseChars: Bool = true, stripAccents: Bool? = nil, lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseChars = handleChineseChars
        self.stripAccents = stripAccents ?? lowercase
        self.lowercase = lowercase
    }

    /// Reads a `{"type": "BertNormalizer", ...}` object.
    init(_ json: JSONObject) throws {
        _ = try json.type(supported: ["BertNormalizer"])
        let lowercase = try json.bool("lowercase", default: true)
        let strip: Bool? = json.isNull("strip_accents") ? nil : try json.bool("strip_accents", default: lowercase)
        self.init(cleanText: try json.bool("clean_text", default: true),
                  handleChineseChars: try json.bool("handle_chinese_chars", default: true),
                  stripAccents: strip, lowercase: lowercase)
    }

    /// The normalized scalars of the text.
    func apply(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
                if Self.isWhitespace(scalar) { out.append(" "); continue }
            }
            if handleChineseChars && Self.isChineseChar(scalar.value) {
                out.append(" "); out.append(scalar); out.append(" ")
                continue
            }
            out.append(scalar)
        }
        if stripAccents { out = Self.stripAccents(out) }
        if lowercase {
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(out.count)
            for scalar in out {
                if scalar.value < 0x80 {
                    lowered.append((0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
                } else {
                    lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
            out = lowered
        }
        return out
    }

    /// NFD (with the same Unicode-version guard as `Normalizer`), then drop category Mn.
    private static func stripAccents(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard scalars.contains(where: { $0.value >= 0x80 }) else { return scalars }
        var string = String(String.UnicodeScalarView(scalars))
        let decomposed: [UInt8]? = string.withUTF8 { Normalizer.apply([.nfd], to: $0) }
        let view = decomposed.map { String(decoding: $0, as: UTF8.self).unicodeScalars } ?? string.unicodeScalars
        return view.filter { $0.properties.generalCategory != .nonspacingMark }
    }

    /// Tab, newline and carriage return count as whitespace, with Unicode White_Space.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20: return true
        case 0..<0x80: return false
        default: return scalar.properties.isWhitespace
        }
    }

    /// Categories Cc, Cf, Co and Cn, except tab, newline and carriage return (whitespace).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x20..<0x7F: return false
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .privateUse, .unassigned: return true
            default: return false
            }
        }
    }

    /// The CJK blocks bert.rs calls Chinese characters (its table, 0x2B920 start included).
    static func isChineseChar(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
