import RerankCore

/// Reads the `## Candidates` section: one list, one candidate an item, in first-stage order.
///
/// An item's text is what the author wrote, minus the list marker, the indentation and the
/// label: paragraphs (and any code or nested list) joined by a blank line. Block quotes in the
/// item are the annotator's note, kept as Markdown and never scored.
struct CandidateList {
    let text: BlockText
    private(set) var problems: [CaseProblem] = []
    /// Where each id was given, in file order.
    private var idLocations: [String: [SourceLocation]] = [:]

    init(text: BlockText) { self.text = text }

    mutating func read(_ part: CaseOutline.Part) -> [Candidate] {
        let content = part.blocks.filter { !$0.isHTMLComment }
        guard !content.isEmpty else {
            report(text.location(part.heading), "the Candidates section is empty: list the candidates "
                + "in first-stage order, one item each ('1. text {rel=N}')")
            return []
        }
        var candidates: [Candidate] = []
        var listSeen = false
        for block in content {
            guard case .list = block.kind else {
                report(text.location(block), "unexpected \(block.kindName) in the Candidates section: "
                    + "it holds one list, one candidate an item")
                continue
            }
            if listSeen {
                report(text.location(block), "a second list in the Candidates section "
                    + "(changing the list marker, e.g. '-' to '*' or '1.' to '1)', starts a new list)")
                continue
            }
            listSeen = true
            for item in block.children {
                if let candidate = readItem(item, index: candidates.count) { candidates.append(candidate) }
            }
        }
        reportDuplicates(candidates)
        reportDuplicateIDs()
        return candidates
    }

    private mutating func readItem(_ item: MarkdownBlock, index: Int) -> Candidate? {
        var paragraphs: [String] = []
        var notes: [String] = []
        var labels: [RelevanceLabel] = []
        for run in TextRun.group(item.children.filter { !$0.isHTMLComment }) {
            switch run {
            case .other(let block) where block.kind == .blockQuote:
                let note = text.quoteContent(block)
                if !note.isEmpty { notes.append(note) }
            case .text(let blocks):
                let lines = RelevanceLabel.extract(from: text.lines(blocks), path: text.path,
                                                   labels: &labels, problems: &problems)
                let paragraph = lines.map(\.text).joined(separator: "\n")
                if !paragraph.isEmpty { paragraphs.append(paragraph) }
            case .other(let block):
                let block = text.indentedLines(block)
                if !block.isEmpty { paragraphs.append(block) }
            }
        }
        let location = text.location(item)
        guard !paragraphs.isEmpty else {
            report(location, "empty candidate: the item has no text besides its label or note")
            return nil
        }
        if let marker = labels.first, let id = marker.id { idLocations[id, default: []].append(marker.location) }
        return Candidate(index: index, text: paragraphs.joined(separator: "\n\n"), label: labels.first?.value,
                         note: notes.isEmpty ? nil : notes.joined(separator: "\n\n"), location: location,
                         id: labels.first?.id)
    }

    /// Two candidates with the same text (up to whitespace) would make the ranking ambiguous.
    private mutating func reportDuplicates(_ candidates: [Candidate]) {
        var first: [String: Candidate] = [:]
        for candidate in candidates {
            let key = normalizedWhitespace(candidate.text)
            if let earlier = first[key] {
                report(candidate.location, "duplicate candidate: same text as the candidate at line "
                    + "\(earlier.location.line) (lines \(earlier.location.line) and \(candidate.location.line))")
            } else {
                first[key] = candidate
            }
        }
    }

    /// Ids name candidates in runs and qrels, so each names one candidate of the case.
    private mutating func reportDuplicateIDs() {
        for (id, places) in idLocations.sorted(by: { $0.value[0].line < $1.value[0].line }) where places.count > 1 {
            for place in places.dropFirst() {
                problems.append(CaseProblem(location: place, field: "candidates",
                    message: "duplicate candidate id '\(id)': the candidate at line \(places[0].line) has it too"))
            }
        }
    }

    private mutating func report(_ location: SourceLocation, _ message: String) {
        problems.append(CaseProblem(location: location, field: "candidates", message: message))
    }
}
