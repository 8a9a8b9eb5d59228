import Foundation

/// A small scanner for attribute values in HTML the renderer wrote (and cmark wrote): it finds
/// `name="value"`, `name='value'` and unquoted `name=value` inside tags, skipping comments, and
/// decodes the character references the renderer uses.
enum LinkScanner {
    static func attributeValues(named names: Set<String>, in html: String) -> [String] {
        attributeValues(named: names, in: Array(html.utf8))
    }

    /// The same over UTF-8 bytes. Every byte the scanner looks for is ASCII, and UTF-8 never uses an
    /// ASCII byte inside a multi-byte character, so it walks bytes and makes a String only for the
    /// values it returns: one pass, no copy of the page.
    static func attributeValues(named names: Set<String>, in s: [UInt8]) -> [String] {
        let longest = names.map(\.utf8.count).max() ?? 0
        var out: [String] = []
        let n = s.count
        var i = 0
        while i < n {
            // Skip comments: cmark turns raw HTML into <!-- raw HTML omitted -->.
            if s[i] == lt, i + 3 < n, s[i + 1] == bang, s[i + 2] == dash, s[i + 3] == dash {
                i += 4
                while i + 2 < n, !(s[i] == dash && s[i + 1] == dash && s[i + 2] == gt) { i += 1 }
                i += 3
                continue
            }
            guard s[i] == lt, i + 1 < n, isNameStart(s[i + 1]) else { i += 1; continue }
            // Inside a tag: skip the tag name, then read attributes until '>'.
            i += 1
            while i < n, !isSpace(s[i]), s[i] != gt, s[i] != slash { i += 1 }
            while i < n, s[i] != gt {
                if isSpace(s[i]) || s[i] == slash { i += 1; continue }
                let nameStart = i
                while i < n, !isSpace(s[i]), s[i] != equals, s[i] != gt, s[i] != slash { i += 1 }
                let nameEnd = i
                while i < n, isSpace(s[i]) { i += 1 }
                guard i < n, s[i] == equals else { continue }
                i += 1
                while i < n, isSpace(s[i]) { i += 1 }
                let valueStart: Int, valueEnd: Int
                if i < n, s[i] == quote || s[i] == apostrophe {
                    let q = s[i]; i += 1
                    valueStart = i
                    while i < n, s[i] != q { i += 1 }
                    valueEnd = min(i, n)
                    i += 1
                } else {
                    valueStart = i
                    while i < n, !isSpace(s[i]), s[i] != gt { i += 1 }
                    valueEnd = i
                }
                guard nameEnd - nameStart <= longest else { continue }
                let name = String(decoding: s[nameStart..<nameEnd], as: UTF8.self).lowercased()
                if names.contains(name) { out.append(decodeEntities(String(decoding: s[valueStart..<valueEnd], as: UTF8.self))) }
            }
            i += 1
        }
        return out
    }

    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), bang = UInt8(ascii: "!"), dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/"), equals = UInt8(ascii: "="), quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")

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

    private static func isNameStart(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
    }
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }

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
