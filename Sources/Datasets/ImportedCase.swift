import RerankCore

/// One candidate as read from a dataset, before it is written into a case file.
public struct ImportedCandidate: Hashable, Sendable {
    public var text: String
    public var id: String?
    public var label: Int?
    public var note: String?
    /// Where the candidate came from (file and line), for problems.
    public var origin: DatasetProblem

    public init(text: String, id: String? = nil, label: Int? = nil, note: String? = nil, file: String, line: Int) {
        self.text = text; self.id = id; self.label = label; self.note = note
        self.origin = DatasetProblem(file: file, line: line, "")
    }
}

/// One case (one query) as read from a dataset: what a case file will hold.
public struct ImportedCase: Hashable, Sendable {
    /// The source's name for the case (query id, case column, `id` key); the file name comes from it,
    /// else from the title or query.
    public var key: String?
    /// Folder parts under the output folder, outermost first.
    public var section: [String] = []
    public var title: String?
    public var tags: [String] = []
    public var instructions: [String] = []
    public var query: String
    public var rewrites: [String] = []
    public var candidates: [ImportedCandidate]
    /// Markdown written before the Query section (a note about where the candidates came from).
    public var intro: String = ""
    /// Prose sections (`## Takeaways`), written after the candidates, Markdown kept as given.
    public var sections: [ProseSection] = []
    public var draft = false
    /// The slope chart's two rankings (`slope:` in the front matter), when given.
    public var slope: [RankingColumn]?
    /// Judged-relevant documents the first stage did not return, when judgments were given.
    public var missedRelevant: Int?
    /// Where the case came from (file and line), for problems.
    public var origin: DatasetProblem

    public init(key: String?, query: String, candidates: [ImportedCandidate], file: String, line: Int) {
        self.key = key; self.query = query; self.candidates = candidates
        self.origin = DatasetProblem(file: file, line: line, "")
    }
}
