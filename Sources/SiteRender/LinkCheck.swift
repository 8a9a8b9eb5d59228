import Foundation

/// Checks that every `href` and `src` in the site's HTML (and `url(...)` in its CSS) resolves to a
/// file of the site, and that a `#fragment` names an `id` on the target page. External `http(s):`
/// and `mailto:` links are allowed; absolute paths, `//host`, folder links, other schemes and links
/// that leave the site are reported. Returns one line per problem, sorted; empty when all is well.
/// Files are checked on every core; each file's problems keep their order, files in path order.
public func checkLinks(_ files: [String: [UInt8]]) -> [String] {
    let paths = files.keys.sorted()
    let targets = PageIDs(files)
    return concurrentMap(paths.count) { i -> [String] in
        let path = paths[i]
        let links: [String]
        if path.hasSuffix(".html") || path.hasSuffix(".htm") || path.hasSuffix(".svg") {
            links = LinkScanner.attributeValues(named: ["href", "src"], in: files[path] ?? [])
        } else if path.hasSuffix(".css") {
            links = LinkScanner.cssURLs(in: String(decoding: files[path] ?? [], as: UTF8.self))
        } else {
            return []
        }
        return links.compactMap { link in
            check(link: link, from: path, files: files, ids: targets.ids).map { "\(path): \($0)" }
        }
    }.flatMap { $0 }
}

/// The `id`s of each page a fragment points into, read once per page, shared by the threads.
private final class PageIDs: @unchecked Sendable {
    private let files: [String: [UInt8]]
    private var found: [String: Set<String>] = [:]
    private let lock = NSLock()

    init(_ files: [String: [UInt8]]) { self.files = files }

    func ids(_ path: String) -> Set<String> {
        if let cached = lock.withLock({ found[path] }) { return cached }
        // Read outside the lock; two threads may both read a page, and both get the same set.
        let ids = Set(LinkScanner.attributeValues(named: ["id"], in: files[path] ?? []))
        lock.withLock { found[path] = ids }
        return ids
    }
}

private func check(link: String, from page: String, files: [String: [UInt8]], ids: (String) -> Set<String>) -> String? {
    let lower = link.lowercased()
    if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return nil }
    // cmark empties unsafe link targets; an empty href points at the page itself.
    if link.isEmpty { return nil }
    if link.hasPrefix("//") { return "protocol-relative link \(link)" }
    if link.hasPrefix("/") { return "absolute path \(link) breaks file:// and sub-path hosting" }
    if let colon = link.firstIndex(of: ":"), !link[..<colon].contains("/"), !link[..<colon].contains("#"),
       !link[..<colon].contains("?") {
        return "link with scheme \(link[..<colon]): \(link)"
    }
    var target = link
    var fragment: String?
    if let hash = target.firstIndex(of: "#") {
        fragment = String(target[target.index(after: hash)...])
        target = String(target[..<hash])
    }
    if let q = target.firstIndex(of: "?") { target = String(target[..<q]) }
    let resolvedPath: String
    if target.isEmpty {
        resolvedPath = page
    } else {
        guard let decoded = percentDecode(target) else { return "badly encoded link \(link)" }
        if decoded.hasSuffix("/") { return "folder link \(link) (name the file, e.g. index.html)" }
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: false) {
            switch segment {
            case "", ".": continue
            case "..":
                if parts.isEmpty { return "link \(link) leaves the site" }
                parts.removeLast()
            default: parts.append(String(segment))
            }
        }
        resolvedPath = parts.joined(separator: "/")
    }
    guard files[resolvedPath] != nil else { return "broken link \(link) (no file \(resolvedPath))" }
    if let fragment, !fragment.isEmpty, resolvedPath.hasSuffix(".html") {
        let name = percentDecode(fragment) ?? fragment
        if !ids(resolvedPath).contains(name) { return "link \(link): no id \"\(name)\" in \(resolvedPath)" }
    }
    return nil
}

/// `%XX` sequences to bytes, the result read as UTF-8; nil for a malformed escape.
func percentDecode(_ s: String) -> String? {
    var bytes: [UInt8] = []
    var utf8 = Array(s.utf8)[...]
    while let b = utf8.first {
        utf8 = utf8.dropFirst()
        guard b == UInt8(ascii: "%") else { bytes.append(b); continue }
        guard utf8.count >= 2, let hi = hexValue(utf8[utf8.startIndex]), let lo = hexValue(utf8[utf8.startIndex + 1]) else { return nil }
        bytes.append(hi << 4 | lo)
        utf8 = utf8.dropFirst(2)
    }
    return String(validating: bytes, as: UTF8.self)
}

private func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
    default: return nil
    }
}
