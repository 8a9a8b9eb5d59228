import RerankCore

extension BlockText {
    /// A problem for every code fence that has no closing fence: cmark ends such a block where
    /// its list item, quote or the file ends, taking every line up to there as code (a candidate's
    /// label, the next candidate, the next section). Found down to `MarkdownBlock.maxDepth`.
    func unclosedFences(_ outline: CaseOutline) -> [CaseProblem] {
        var problems: [CaseProblem] = []
        func visit(_ blocks: [MarkdownBlock], field: String) {
            for block in blocks {
                if block.kind == .codeBlock, let fence = unclosedFence(block) {
                    let marker = String(repeating: fence.character, count: fence.length)
                    problems.append(CaseProblem(location: location(block), field: field,
                        message: "unclosed code fence: the '\(marker)' opened here has no closing '\(marker)' "
                            + "line, so every line after it would be code; close it"))
                }
                visit(block.children, field: field)
            }
        }
        visit(outline.introBlocks, field: "sections")
        for part in outline.parts {
            let name = part.title.lowercased()
            visit(part.blocks, field: CaseParser.knownSections[name] != nil ? name : "sections")
        }
        return problems
    }

    /// The fence a fenced code block opens, when its last line does not close it.
    private func unclosedFence(_ block: MarkdownBlock) -> Fence? {
        let opening = LiteralMask.content(of: String(dropBytes(block.startByteColumn - 1, of: source.line(block.startLine))))
        guard let fence = Fence(opening: opening) else { return nil }  // an indented code block
        if block.endLine > block.startLine, fence.isClosed(by: LiteralMask.content(of: source.line(block.endLine))) {
            return nil
        }
        return fence
    }
}

/// An open code fence: ``` or ~~~, three or more.
struct Fence {
    var character: Character
    var length: Int

    /// The fence that `content` (a line's text after markers) opens, if it opens one.
    init?(opening content: String) {
        guard let first = content.first, first == "`" || first == "~" else { return nil }
        let run = content.prefix(while: { $0 == first }).count
        guard run >= 3 else { return nil }
        // A backtick fence's info string may not hold a backtick (CommonMark).
        if first == "`" && content.dropFirst(run).contains("`") { return nil }
        character = first
        length = run
    }

    /// True when `content` closes this fence: the same character, at least as many, nothing after.
    func isClosed(by content: String) -> Bool {
        let run = content.prefix(while: { $0 == character }).count
        return run >= length && content.dropFirst(run).isBlank
    }
}
