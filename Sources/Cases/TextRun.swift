/// Blocks of a Query, Rewrites or Candidates section grouped as the author sees them: text that
/// runs on line after line is one run, whatever cmark made of it (a line starting with `#` is a
/// heading to cmark, a line of `***` a rule; here they are lines of text).
enum TextRun {
    case text([MarkdownBlock])
    /// A block that is not text: a list, a block quote, a code block.
    case other(MarkdownBlock)

    var firstBlock: MarkdownBlock {
        switch self {
        case .text(let blocks): return blocks[0]
        case .other(let block): return block
        }
    }

    static func isText(_ block: MarkdownBlock) -> Bool {
        switch block.kind {
        case .paragraph, .heading, .thematicBreak, .htmlBlock: return true
        default: return false
        }
    }

    /// `blocks` in order, adjacent text blocks (no blank line between them) joined into one run.
    static func group(_ blocks: [MarkdownBlock]) -> [TextRun] {
        var runs: [TextRun] = []
        for block in blocks {
            guard isText(block) else { runs.append(.other(block)); continue }
            if case .text(var run) = runs.last, let last = run.last, block.startLine == last.endLine + 1 {
                run.append(block)
                runs[runs.count - 1] = .text(run)
            } else {
                runs.append(.text([block]))
            }
        }
        return runs
    }
}

extension BlockText {
    /// The lines of a text run, taken from the source as `paragraphLines` takes them.
    func lines(_ blocks: [MarkdownBlock]) -> [TextLine] {
        blocks.flatMap(paragraphLines)
    }
}
