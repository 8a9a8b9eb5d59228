import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Markdown → HTML with cmark in its safe default mode (`CMARK_OPT_DEFAULT`, never `CMARK_OPT_UNSAFE`):
/// raw HTML becomes `<!-- raw HTML omitted -->` and `javascript:`, `vbscript:`, `file:` and
/// non-image `data:` link targets become empty, so prose and notes cannot inject markup.
func renderMarkdown(_ markdown: String) -> String {
    let bytes = Array(markdown.utf8)
    let html: String = bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return "" }
        return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
            guard let out = cmark_markdown_to_html(chars, buffer.count, CMARK_OPT_DEFAULT) else { return "" }
            defer { free(out) }
            return String(cString: out)
        }
    }
    return addDirAuto(html)
}

/// Adds `dir="auto"` to the block elements cmark writes, so right-to-left prose lays out correctly.
private func addDirAuto(_ html: String) -> String {
    var out = html
    for tag in ["<p>", "<li>", "<h1>", "<h2>", "<h3>", "<h4>", "<h5>", "<h6>", "<blockquote>", "<td>", "<th>"] {
        let open = String(tag.dropLast()) + " dir=\"auto\">"
        out = out.replacingOccurrences(of: tag, with: open)
    }
    return out
}
