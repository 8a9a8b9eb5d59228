import RerankCore

/// Reads the `## Query` and `## Rewrites` sections.
struct QuerySection {
    let text: BlockText
    private(set) var problems: [CaseProblem] = []

    init(text: BlockText) { self.text = text }

    /// The query: the section's one paragraph (lines of text with no blank line between them,
    /// whatever Markdown they resemble), its lines joined by `\n`.
    mutating func readQuery(_ part: CaseOutline.Part) -> String {
        let runs = TextRun.group(part.blocks.filter { !$0.isHTMLComment })
        guard let first = runs.first else {
            report(text.location(part.heading), "the Query section is empty: write the query as one paragraph below it")
            return ""
        }
        guard case .text(let blocks) = first else {
            report(text.location(first.firstBlock),
                   "expected the query as one paragraph, found a \(first.firstBlock.kindName)")
            return ""
        }
        if runs.count > 1 {
            let extra = runs[1].firstBlock
            let kind = TextRun.isText(extra) ? "paragraph" : extra.kindName
            report(text.location(extra), "the Query section holds one paragraph; found a \(kind) "
                + "after it (blank lines split paragraphs; put other phrasings under '## Rewrites')")
        }
        return text.lines(blocks).map(\.text).joined(separator: "\n")
    }

    /// The rewrites: the items of the section's one list, each one paragraph. An empty section
    /// means no rewrites.
    mutating func readRewrites(_ part: CaseOutline.Part, query: String) -> [String] {
        let content = part.blocks.filter { !$0.isHTMLComment }
        var rewrites: [String] = []
        var firstLine: [String: Int] = [:]
        var listSeen = false
        for block in content {
            guard case .list = block.kind else {
                report(text.location(block), field: "rewrites",
                       "unexpected \(block.kindName) in the Rewrites section: it holds one list, one rewrite an item")
                continue
            }
            if listSeen {
                report(text.location(block), field: "rewrites", "a second list in the Rewrites section "
                    + "(changing the list marker, e.g. '-' to '*', starts a new list)")
                continue
            }
            listSeen = true
            for item in block.children {
                let parts = TextRun.group(item.children.filter { !$0.isHTMLComment })
                guard parts.count == 1, case .text(let blocks) = parts[0] else {
                    let message = parts.isEmpty ? "empty rewrite" : "a rewrite is one paragraph of text, found "
                        + parts.map { TextRun.isText($0.firstBlock) ? "paragraph" : $0.firstBlock.kindName }
                            .joined(separator: ", ")
                    report(text.location(item), field: "rewrites", message)
                    continue
                }
                let paragraph = blocks[0]
                let rewrite = text.lines(blocks).map(\.text).joined(separator: "\n")
                let key = normalizedWhitespace(rewrite)
                if key == normalizedWhitespace(query) {
                    report(text.location(paragraph), field: "rewrites", "the rewrite repeats the query")
                } else if let line = firstLine[key] {
                    report(text.location(paragraph), field: "rewrites",
                           "duplicate rewrite: same text as the rewrite at line \(line)")
                } else {
                    firstLine[key] = paragraph.startLine
                    rewrites.append(rewrite)
                }
            }
        }
        return rewrites
    }

    private mutating func report(_ location: SourceLocation, field: String = "query", _ message: String) {
        problems.append(CaseProblem(location: location, field: field, message: message))
    }
}
