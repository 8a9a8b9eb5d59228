/// A unified diff of two texts by lines (`diff -u` layout, three lines of context), from a longest
/// common subsequence. Theme files are a few hundred lines, so the quadratic table is small.
enum TextDiff {
    /// The hunks of a unified diff from `old` to `new` under `---`/`+++` headers; empty when equal.
    static func unified(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        let edits = script(a, b)
        guard edits.contains(where: { $0.kind != .same }) else { return "" }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group changes whose context overlaps into one hunk.
        var i = 0
        while i < edits.count {
            guard edits[i].kind != .same else { i += 1; continue }
            var start = i, end = i
            while start > 0, edits[start - 1].kind == .same, i - start < context { start -= 1 }
            var j = i
            while j < edits.count {
                if edits[j].kind != .same { end = j; j += 1; continue }
                var run = j
                while run < edits.count, edits[run].kind == .same { run += 1 }
                if run < edits.count, run - j <= 2 * context { j = run; continue }
                break
            }
            let stop = min(edits.count, end + 1 + context)
            let hunk = edits[start..<stop]
            let oldStart = hunk.first?.oldLine ?? 0, newStart = hunk.first?.newLine ?? 0
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for e in hunk {
                switch e.kind {
                case .same: out += " " + e.text + "\n"
                case .delete: out += "-" + e.text + "\n"
                case .insert: out += "+" + e.text + "\n"
                }
            }
            i = stop
        }
        return out
    }

    struct Edit: Equatable {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var text: String
        /// 1-based line numbers where this edit sits in the old and the new text.
        var oldLine: Int
        var newLine: Int
    }

    /// The shortest edit script turning `a` into `b`, deletions before insertions at each change.
    static func script(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count
        // lcs[i][j]: length of the longest common subsequence of a[i...] and b[j...].
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                edits.append(Edit(kind: .same, text: a[i], oldLine: i + 1, newLine: j + 1)); i += 1; j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                edits.append(Edit(kind: .delete, text: a[i], oldLine: i + 1, newLine: j + 1)); i += 1
            } else {
                edits.append(Edit(kind: .insert, text: b[j], oldLine: i + 1, newLine: j + 1)); j += 1
            }
        }
        return edits
    }

    private static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// `start,count` as diff writes it: an empty range names the line before it.
    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start - 1),0" : "\(start),\(count)"
    }
}
