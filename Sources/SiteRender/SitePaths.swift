/// Where pages live and how they link to each other. Every link in the site is relative and names
/// its file (`index.html`, never a bare folder), so the site works from `file://` and under any sub-path.
enum SitePaths {
    static let index = "index.html"
    static let stylesheet = "assets/style.css"
    static let resultsJSON = "data/results.json"
    static let resultsCSV = "data/results.csv"
    static let qrels = "data/qrels.txt"
    static let history = "history.html"
    static let historyJSON = "data/history.json"

    /// `cases/<slug>.html`, after checking the slug cannot escape its folder.
    static func casePage(slug: String) throws -> String {
        try validate(slug: slug)
        return "cases/\(slug).html"
    }

    /// Slugs come from file paths; refuse anything that would not stay a plain relative path.
    static func validate(slug: String) throws {
        guard !slug.isEmpty else { throw SiteRenderError.badSlug(slug: slug, reason: "empty") }
        guard !slug.hasPrefix("/") else { throw SiteRenderError.badSlug(slug: slug, reason: "starts with /") }
        for segment in slug.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { throw SiteRenderError.badSlug(slug: slug, reason: "empty path segment") }
            if segment == "." || segment == ".." {
                throw SiteRenderError.badSlug(slug: slug, reason: "segment \(segment) is not allowed")
            }
        }
        for scalar in slug.unicodeScalars where scalar.value < 0x20 || scalar == "\\" || scalar == "\u{7F}" {
            throw SiteRenderError.badSlug(slug: slug, reason: "control character or backslash")
        }
    }

    /// `../` repeated once per folder between `path` and the site root.
    static func root(of path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }

    /// A relative href from page `from` to site file `to` (both site-relative), percent-encoded.
    static func href(from: String, to: String) -> String {
        root(of: from) + percentEncodePath(to)
    }

    /// Percent-encodes everything in a path except unreserved characters and `/`; non-ASCII
    /// characters are encoded as UTF-8 bytes, so any slug becomes a valid URL path.
    static func percentEncodePath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// A file name for a scorer id: `[A-Za-z0-9._-]` kept, anything else becomes `-`.
    static func fileSafe(_ id: String) -> String {
        let mapped = id.unicodeScalars.map { s -> Character in
            switch s {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return Character(s)
            default: return "-"
            }
        }
        let name = String(mapped)
        return name.isEmpty || name.hasPrefix(".") ? "scorer" + name : name
    }
}
