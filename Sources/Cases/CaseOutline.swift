/// A case document cut at its top-level `##` headings: the intro before the first one, then one
/// part per heading with the blocks and lines up to the next.
struct CaseOutline {
    struct Part {
        var heading: MarkdownBlock
        /// The heading as plain text, trimmed.
        var title: String
        /// Top-level blocks after the heading, up to the next `##` heading.
        var blocks: [MarkdownBlock]
        /// 1-based lines after the heading up to the next `##` heading (may be empty).
        var bodyLines: ClosedRange<Int>?
    }

    var introBlocks: [MarkdownBlock] = []
    /// Lines before the first `##` heading.
    var introLines: ClosedRange<Int>?
    var parts: [Part] = []

    init(blocks: [MarkdownBlock], lineCount: Int) {
        var current: Part?
        for block in blocks {
            if case .heading(level: 2) = block.kind {
                if var part = current {
                    part.bodyLines = Self.lines(from: part.heading.endLine + 1, to: block.startLine - 1)
                    parts.append(part)
                } else {
                    introLines = Self.lines(from: 1, to: block.startLine - 1)
                }
                current = Part(heading: block, title: block.plainText, blocks: [], bodyLines: nil)
            } else if current != nil {
                current?.blocks.append(block)
            } else {
                introBlocks.append(block)
            }
        }
        if var part = current {
            part.bodyLines = Self.lines(from: part.heading.endLine + 1, to: lineCount)
            parts.append(part)
        } else {
            introLines = Self.lines(from: 1, to: lineCount)
        }
    }

    private static func lines(from start: Int, to end: Int) -> ClosedRange<Int>? {
        start <= end ? start...end : nil
    }
}
