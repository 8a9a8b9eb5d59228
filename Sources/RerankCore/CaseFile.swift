/// A position in a source file, 1-based, for error messages.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file; self.line = line; self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// One candidate document of a case, in its first-stage (baseline) position.
public struct Candidate: Hashable, Sendable, Codable {
    /// 0-based position in the first-stage order.
    public var index: Int
    /// The text that is scored (the item's paragraphs, joined by blank lines).
    public var text: String
    /// Human relevance label (`{rel=N}`), nil when the item has none.
    public var label: Int?
    /// Annotator's note (a blockquote inside the item), Markdown; rendered, never scored.
    public var note: String?
    public var location: SourceLocation
    /// The author's stable id (`{id=doc-17}`), unique within the case; nil when the item has none.
    public var id: String?

    public init(index: Int, text: String, label: Int? = nil, note: String? = nil, location: SourceLocation,
                id: String? = nil) {
        self.index = index; self.text = text; self.label = label; self.note = note; self.location = location
        self.id = id
    }

    /// The id used in runs, qrels, CSV and JSON: the author's id, else `c<first-stage index>`.
    public var exportID: String { id ?? "c\(index)" }
}

/// A prose section of a case page (`## Takeaways` and any other heading than the known ones).
public struct ProseSection: Hashable, Sendable, Codable {
    public var heading: String
    /// The section's body as Markdown source.
    public var markdown: String
    public init(heading: String, markdown: String) { self.heading = heading; self.markdown = markdown }
}

/// One parsed case file. Pure value: no IO.
public struct CaseFile: Hashable, Sendable, Codable {
    /// Path relative to the input folder, with `/` separators, e.g. `music/breakup.md`.
    public var path: String
    /// Sub-folders of the input folder, outermost first; empty for top-level cases.
    public var section: [String]
    /// URL-safe identifier derived from the path (`music/breakup`), unique in a build.
    public var slug: String
    public var title: String
    public var tags: [String]
    /// The instructions from the front matter, in order (`instruction` first, then `instructions`).
    /// Empty means "use the configured default instruction".
    public var instructions: [String]
    public var draft: Bool
    public var query: String
    public var rewrites: [String]
    public var candidates: [Candidate]
    /// Markdown before the first known section (the introduction).
    public var intro: String
    /// Other sections, rendered below the results, in file order.
    public var sections: [ProseSection]
    /// SHA-256 (hex) of the file's bytes, for the reproduction block.
    public var sourceHash: String
    /// The two rankings the case page's slope chart joins (front matter `slope: [FROM, TO]`);
    /// nil for the default, the baseline to the first neural scorer.
    public var slope: [RankingColumn]?
    /// What wrote the file, when `rerank-site import` did (`imported: beir` in the front matter).
    public var importedFrom: String?
    /// Judged-relevant documents of the query that the first stage did not return, so they are
    /// not among the candidates (`missed_relevant: N`); nil when unknown.
    public var missedRelevant: Int?

    public init(path: String, section: [String], slug: String, title: String, tags: [String],
                instructions: [String], draft: Bool, query: String, rewrites: [String],
                candidates: [Candidate], intro: String, sections: [ProseSection], sourceHash: String,
                slope: [RankingColumn]? = nil) {
        self.path = path; self.section = section; self.slug = slug; self.title = title; self.tags = tags
        self.instructions = instructions; self.draft = draft; self.query = query; self.rewrites = rewrites
        self.candidates = candidates; self.intro = intro; self.sections = sections; self.sourceHash = sourceHash
        self.slope = slope
    }

    /// True when at least one candidate has a label; only then are metrics computed.
    public var hasLabels: Bool { candidates.contains { $0.label != nil } }

    /// Relevance of each candidate for metrics: unlabelled candidates count as 0 in a labelled case.
    public var relevances: [Int] { candidates.map { $0.label ?? 0 } }
}
