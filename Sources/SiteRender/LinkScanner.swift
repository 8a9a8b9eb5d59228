import Foundation

/// A small scanner for attribute values in HTML the renderer wrote (and cmark wrote): it finds
/// `name="value"`, `name='value'` and unquoted `name=value` inside tags, skipping comments, and
/// decodes the character references the renderer uses.
enum LinkScanner {
    static func attributeValues(named names: Set<String>, in html: String) -> [String] {
        var out: [String] = []
        let s = Array(html.unicodeScalars)
        var i = 0
        while i < s.count {
            // Skip comments: cmark turns raw HTML into <!-- raw HTML omitted -->.
            if s[i] == "<", i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
                i += 4
                while i + 2 < s.count, !(s[i] == "-" && s[i + 1] == "-" && s[i + 2] == ">") { i += 1 }
                i += 3
                continue
            }
            guard s[i] == "<", i + 1 < s.count, isNameStart(s[i + 1]) else { i += 1; continue }
            // Inside a tag: skip the tag name, then read attributes until '>'.
            i += 1
            while i < s.count, !isSpace(s[i]), s[i] != ">", s[i] != "/" { i += 1 }
            while i < s.count, s[i] != ">" {
                if isSpace(s[i]) || s[i] == "/" { i += 1; continue }
                var name = ""
                while i < s.count, !isSpace(s[i]), s[i] != "=", s[i] != ">", s[i] != "/" { name.unicodeScalars.append(s[i]); i += 1 }
                while i < s.count, isSpace(s[i]) { i += 1 }
                guard i < s.count, s[i] == "=" else { continue }
                i += 1
                while i < s.count, isSpace(s[i]) { i += 1 }
                var value = ""
                if i < s.count, s[i] == "\"" || s[i] == "'" {
                    let quote = s[i]; i += 1
                    while i < s.count, s[i] != quote { value.unicodeScalars.append(s[i]); i += 1 }
                    i += 1
                } else {
                    while i < s.count, !isSpace(s[i]), s[i] != ">" { value.unicodeScalars.append(s[i]); i += 1 }
                }
                if names.contains(name.lowercased()) { out.append(decodeEntities(value)) }
            }
            i += 1
        }
        return out
    }

    /// Targets of `url(...)` in a stylesheet.
    static func cssURLs(in css: String) -> [String] {
        var out: [String] = []
        var rest = Substring(css)
        while let r = rest.range(of: "url(") {
            rest = rest[r.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            var value = rest[..<close].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") || value.hasPrefix("'") { value = String(value.dropFirst().dropLast()) }
            if !value.hasPrefix("data:") && !value.hasPrefix("#") { out.append(value) }
            rest = rest[close...]
        }
        return out
    }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    private static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{0C}" }

    /// Decodes `&amp; &lt; &gt; &quot; &#39; &#NN; &#xHH;`, the references escapeHTML and cmark write.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semi = rest.firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += "&"; rest = rest.dropFirst(); continue
            }
            let name = rest[rest.index(after: amp)..<semi]
            var replacement: String?
            switch name {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                    replacement = String(u)
                } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let u = Unicode.Scalar(v) {
                    replacement = String(u)
                }
            }
            if let replacement {
                out += replacement
                rest = rest[rest.index(after: semi)...]
            } else {
                out += "&"; rest = rest.dropFirst()
            }
        }
        out += rest
        return out
    }
}
