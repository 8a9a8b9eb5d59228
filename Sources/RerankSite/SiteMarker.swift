/// The file every site rerank-site writes carries at its top: it says the folder is ours and lists
/// the files the build wrote, so that the next build replaces the folder only when nothing else
/// has been put there.
enum SiteMarker {
    static let fileName = ".rerank-site-output"
    private static let header = "rerank-site output v1: this folder is replaced whole by each build; the next build "
        + "stops if it holds any file not listed below.\n"

    /// The marker for a site of these files (sorted, so the same site gives the same bytes).
    static func contents(listing paths: [String]) -> [UInt8] {
        Array((header + paths.sorted().map { $0 + "\n" }.joined()).utf8)
    }

    /// The files a marker lists, or nil when the text is not a marker of ours.
    static func listedPaths(_ bytes: [UInt8]) -> Set<String>? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix(header) else { return nil }
        return Set(text.dropFirst(header.count).split(separator: "\n").map(String.init))
    }
}
