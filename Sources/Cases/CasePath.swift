import RerankCore

/// What a case's relative path gives it: its section (sub-folders), slug and fallback title.
///
/// The slug is the path without `.md`, each part lower-cased with runs of whitespace turned into
/// `-`, so that two files differing only in case or spaces are caught as a duplicate (they would
/// collide on a case-insensitive file system or in a URL).
struct CasePath {
    /// Sub-folders, outermost first, as written.
    var section: [String]
    var slug: String
    /// The file name without `.md`: the title when neither front matter nor an H1 gives one.
    var stem: String

    /// Characters that cannot stand in a page address unescaped.
    static let unsafeCharacters: Set<Character> = ["?", "#", "%", "\"", "<", ">", "\\", "^", "`", "{", "}", "|", "[", "]"]

    init(path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let file = parts.popLast() ?? path
        stem = file.hasSuffix(".md") ? String(file.dropLast(3)) : file
        section = parts
        slug = (parts + [stem]).map(Self.slugPart).joined(separator: "/")
    }

    /// Problems that make the path unusable as a page address.
    func problems(path: String) -> [CaseProblem] {
        let location = SourceLocation(file: path, line: 0, column: 0)
        if stem.trimmed.isEmpty {
            return [CaseProblem(location: location, field: "slug", message: "the file name is empty before '.md'")]
        }
        let bad = Set(path.filter { Self.unsafeCharacters.contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 } })
        guard !bad.isEmpty else { return [] }
        let shown = bad.sorted().map { "'\($0)'" }.joined(separator: ", ")
        return [CaseProblem(location: location, field: "slug",
                            message: "the path contains \(shown), which cannot appear in a page address; rename the file")]
    }

    private static func slugPart(_ part: String) -> String {
        part.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: "-")
    }
}
