import CCmark

/// A block of the Markdown AST as a plain value: its kind, its source span and (down to a fixed
/// depth) its child blocks. Built once from libcmark's tree, which is then freed, so the rest of
/// the parser works on values and never holds C pointers.
struct MarkdownBlock {
    enum Kind: Equatable {
        case heading(level: Int)
        case paragraph
        case list(ordered: Bool)
        case item
        case blockQuote
        case codeBlock
        case htmlBlock
        case thematicBreak
        case other
    }

    var kind: Kind
    /// 1-based line of the block's first character.
    var startLine: Int
    /// 1-based byte column of the block's first character (cmark counts bytes).
    var startByteColumn: Int
    var endLine: Int
    /// Child blocks; left empty below `MarkdownBlock.maxDepth`.
    var children: [MarkdownBlock]
    /// For headings: the inline content as plain text (code spans keep their text, markup is dropped).
    var plainText: String
    /// For HTML blocks: the raw HTML.
    var literal: String

    /// Document → list → item → item content: the deepest level the case format looks at.
    /// Stopping there also keeps deeply nested input from costing stack.
    static let maxDepth = 3

    var isHTMLComment: Bool { kind == .htmlBlock && literal.trimmed.hasPrefix("<!--") }
}

enum MarkdownParser {
    /// The top-level blocks of `markdown`, parsed by libcmark with source positions.
    static func parseBlocks(_ markdown: String) -> [MarkdownBlock] {
        let bytes = Array(markdown.utf8)
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS
        let root: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count, options)
                }
            }
        }
        guard let root else { return [] }
        defer { cmark_node_free(root) }
        return children(of: root, depth: 1)
    }

    private static func children(of node: OpaquePointer, depth: Int) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            blocks.append(block(current, depth: depth))
            child = cmark_node_next(current)
        }
        return blocks
    }

    private static func block(_ node: OpaquePointer, depth: Int) -> MarkdownBlock {
        let kind: MarkdownBlock.Kind
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_PARAGRAPH: kind = .paragraph
        case CMARK_NODE_LIST: kind = .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST)
        case CMARK_NODE_ITEM: kind = .item
        case CMARK_NODE_BLOCK_QUOTE: kind = .blockQuote
        case CMARK_NODE_CODE_BLOCK: kind = .codeBlock
        case CMARK_NODE_HTML_BLOCK: kind = .htmlBlock
        case CMARK_NODE_THEMATIC_BREAK: kind = .thematicBreak
        default: kind = .other
        }
        var plainText = ""
        if case .heading = kind { plainText = inlineText(node) }
        return MarkdownBlock(
            kind: kind,
            startLine: Int(cmark_node_get_start_line(node)),
            startByteColumn: Int(cmark_node_get_start_column(node)),
            endLine: Int(cmark_node_get_end_line(node)),
            children: depth < MarkdownBlock.maxDepth ? children(of: node, depth: depth + 1) : [],
            plainText: plainText,
            literal: kind == .htmlBlock ? literal(node) : "")
    }

    /// The text of a heading's inlines, walked with cmark's iterator: text and code literals,
    /// line breaks as spaces, image descriptions kept, and inline HTML kept as the text it is
    /// (a title `<div> vs <span>` is that title; the site escapes it).
    private static func inlineText(_ node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE: text += literal(current)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text.trimmed
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }
}
