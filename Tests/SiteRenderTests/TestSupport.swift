import Foundation
import XCTest
@testable import SiteRender

/// Repository root: three levels up from Tests/SiteRenderTests/<file>.swift.
func repositoryRoot(_ file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

func text(_ files: [String: [UInt8]], _ path: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    guard let bytes = files[path] else {
        XCTFail("no file \(path); have \(files.keys.sorted())", file: file, line: line)
        return ""
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Every start tag in `html` (comments skipped) as (tag name, attribute names), lower-cased.
func startTags(_ html: String) -> [(name: String, attributes: [String])] {
    var out: [(String, [String])] = []
    let s = Array(html.unicodeScalars)
    var i = 0
    func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" }
    while i < s.count {
        if s[i] == "<", i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
            i += 4
            while i + 2 < s.count, !(s[i] == "-" && s[i + 1] == "-" && s[i + 2] == ">") { i += 1 }
            i += 3; continue
        }
        guard s[i] == "<", i + 1 < s.count, s[i + 1].properties.isAlphabetic else { i += 1; continue }
        i += 1
        var name = ""
        while i < s.count, !isSpace(s[i]), s[i] != ">", s[i] != "/" { name.unicodeScalars.append(s[i]); i += 1 }
        var attributes: [String] = []
        while i < s.count, s[i] != ">" {
            if isSpace(s[i]) || s[i] == "/" { i += 1; continue }
            var attr = ""
            while i < s.count, !isSpace(s[i]), s[i] != "=", s[i] != ">", s[i] != "/" { attr.unicodeScalars.append(s[i]); i += 1 }
            attributes.append(attr.lowercased())
            guard i < s.count, s[i] == "=" else { continue }
            i += 1
            if i < s.count, s[i] == "\"" || s[i] == "'" {
                let q = s[i]; i += 1
                while i < s.count, s[i] != q { i += 1 }
                i += 1
            } else {
                while i < s.count, !isSpace(s[i]), s[i] != ">" { i += 1 }
            }
        }
        out.append((name.lowercased(), attributes))
        i += 1
    }
    return out
}
