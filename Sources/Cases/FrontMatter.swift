import RerankCore
import Yams

/// The YAML front matter of a case file, validated.
struct FrontMatter {
    var title: String?
    var tags: [String] = []
    /// `instruction` first, then `instructions`, duplicates removed.
    var instructions: [String] = []
    var draft = false
    /// `slope: [FROM, TO]`: the two rankings the page's slope chart joins.
    var slope: [RankingColumn]?
    /// `imported: FORMAT`: the marker `rerank-site import` writes, so a later `--update` may replace the file.
    var importedFrom: String?
    /// `missed_relevant: N`: judged-relevant documents the first stage did not return.
    var missedRelevant: Int?
    /// Lines (1-based, inclusive) taken by the front matter and its `---` fences; empty without one.
    var lines: ClosedRange<Int>?

    static let keys = ["title", "tags", "instruction", "instructions", "draft", "slope", "imported", "missed_relevant"]
}

/// Reads the front matter at the top of a case file with Yams' composer, so every key and value
/// keeps its line and column; collects every problem instead of stopping at the first.
struct FrontMatterReader {
    let path: String
    private(set) var problems: [CaseProblem] = []
    /// Line of the file holding the YAML's first line.
    private let firstYAMLLine = 2

    init(path: String) { self.path = path }

    /// The front matter of `source`; a file without an opening `---` line has an empty one.
    mutating func read(_ source: SourceText) -> FrontMatter {
        var result = FrontMatter()
        guard source.lineCount > 0, isFence(source.line(1), closing: false) else { return result }
        guard let close = (2...max(2, source.lineCount)).first(where: { isFence(source.line($0), closing: true) }),
              close <= source.lineCount else {
            report(SourceLocation(file: path, line: 1, column: 1), "front matter",
                   "unterminated front matter: the '---' on line 1 has no closing '---' line")
            result.lines = 1...1
            return result
        }
        result.lines = 1...close
        let yaml = source.lines[1..<(close - 1)].joined(separator: "\n")
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            reportYAMLError(error, yaml: yaml)
            return result
        }
        guard let root else { return result }
        guard case .mapping(let mapping) = root else {
            report(location(of: root), "front matter",
                   "expected 'key: value' lines, found \(describe(root))")
            return result
        }
        var seen: [String: Int] = [:]
        var instruction: [String] = []
        var instructions: [String] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                report(location(of: keyNode), "front matter", "a key must be a name, found \(describe(keyNode))")
                continue
            }
            let key = keyScalar.string
            if let firstLine = seen[key] {
                report(location(of: keyNode), "front matter",
                       "duplicate front-matter key '\(key)' (first given on line \(firstLine))")
                continue
            }
            seen[key] = location(of: keyNode).line
            switch key {
            case "title":
                if let title = readString(value, key: key) { result.title = title }
            case "tags":
                result.tags = unique(readStrings(value, key: key))
            case "instruction":
                if let text = readString(value, key: key) { instruction = [text] }
            case "instructions":
                instructions = readStrings(value, key: key)
            case "draft":
                if let draft = readBool(value, key: key) { result.draft = draft }
            case "slope":
                result.slope = readSlope(value, key: key)
            case "imported":
                result.importedFrom = readString(value, key: key)
            case "missed_relevant":
                result.missedRelevant = readCount(value, key: key)
            default:
                report(location(of: keyNode), "front matter",
                       "unknown front-matter key '\(key)'; known keys: \(FrontMatter.keys.joined(separator: ", "))")
            }
        }
        result.instructions = unique(instruction + instructions)
        return result
    }

    // MARK: - Values

    /// A non-empty string scalar.
    private mutating func readString(_ node: Node, key: String) -> String? {
        guard case .scalar(let scalar) = node, tagName(node) == .str else {
            report(location(of: node), key, "expected a string, found \(describe(node))\(quoteHint(node))")
            return nil
        }
        let text = scalar.string.trimmed
        if text.isEmpty {
            report(location(of: node), key, "'\(key)' is empty")
            return nil
        }
        return checkedForControlCharacters(text, node: node, key: key)
    }

    /// A list of strings, or one string; nothing (`tags:`) is an empty list.
    private mutating func readStrings(_ node: Node, key: String) -> [String] {
        switch node {
        case .scalar where tagName(node) == .null:
            return []
        case .scalar:
            return readString(node, key: key).map { [$0] } ?? []
        case .sequence(let sequence):
            var values: [String] = []
            for element in sequence {
                guard case .scalar(let scalar) = element, tagName(element) == .str else {
                    report(location(of: element), key,
                           "expected a string in the list, found \(describe(element))\(quoteHint(element))")
                    continue
                }
                let text = scalar.string.trimmed
                if text.isEmpty {
                    report(location(of: element), key, "empty entry in the list")
                } else if let checked = checkedForControlCharacters(text, node: element, key: key) {
                    values.append(checked)
                }
            }
            return values
        case .mapping:
            report(location(of: node), key, "expected a string or a list of strings, found \(describe(node))")
            return []
        }
    }

    /// Two column specs (`[bm25, qwen3-8b/fused]`), each readable by `RankingColumn.parse`.
    private mutating func readSlope(_ node: Node, key: String) -> [RankingColumn]? {
        guard case .sequence(let sequence) = node, sequence.count == 2 else {
            report(location(of: node), key, "expected two rankings to join, as [FROM, TO] (e.g. [bm25, qwen3-8b/fused]), found \(describe(node))")
            return nil
        }
        var columns: [RankingColumn] = []
        for element in sequence {
            guard case .scalar(let scalar) = element, tagName(element) == .str else {
                report(location(of: element), key, "expected a ranking such as qwen3-8b or bm25/fused@2, found \(describe(element))")
                continue
            }
            switch RankingColumn.parse(scalar.string.trimmed) {
            case .success(let column): columns.append(column)
            case .failure(let error): report(location(of: element), key, error.message)
            }
        }
        return columns.count == 2 ? columns : nil
    }

    private mutating func readBool(_ node: Node, key: String) -> Bool? {
        guard case .scalar = node, tagName(node) == .bool, let value = node.bool else {
            report(location(of: node), key, "expected true or false, found \(describe(node))")
            return nil
        }
        return value
    }

    /// An integer ≥ 0.
    private mutating func readCount(_ node: Node, key: String) -> Int? {
        guard case .scalar(let scalar) = node, tagName(node) == .int, let value = Int(scalar.string), value >= 0 else {
            report(location(of: node), key, "expected an integer ≥ 0, found \(describe(node))")
            return nil
        }
        return value
    }

    /// `text`, or nil and a problem when it holds a control character (YAML escapes such as
    /// `"\0"` can put one there).
    private mutating func checkedForControlCharacters(_ text: String, node: Node, key: String) -> String? {
        guard let scalar = ControlCharacters.first(in: text) else { return text }
        report(location(of: node), key, "control character \(ControlCharacters.name(scalar)) in the value; remove it")
        return nil
    }

    private func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    // MARK: - Reporting

    private func isFence(_ line: String, closing: Bool) -> Bool {
        let text = String(line.trimmingTrailingBlanks)
        return text == "---" || (closing && text == "...")
    }

    private func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: path, line: firstYAMLLine, column: 1) }
        return SourceLocation(file: path, line: mark.line + firstYAMLLine - 1, column: mark.column)
    }

    /// The node's resolved tag (`Tag.name` is internal to Yams 5.0; its description is the name).
    private func tagName(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.description) }

    private func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            switch tagName(node) {
            case .null: return "no value"
            case .bool: return "a boolean '\(scalar.string)'"
            case .int: return "an integer '\(scalar.string)'"
            case .float: return "a number '\(scalar.string)'"
            case .timestamp: return "a date '\(scalar.string)'"
            case .str: return "'\(scalar.string)'"
            default: return "a value tagged \(node.tag.description)"
            }
        }
    }

    /// For numbers, booleans and dates where a string was expected: how to make it one.
    private func quoteHint(_ node: Node) -> String {
        guard case .scalar(let scalar) = node, [.bool, .int, .float, .timestamp].contains(tagName(node)) else {
            return ""
        }
        return " (write \"\(scalar.string)\" in quotes to use it as text)"
    }

    private mutating func report(_ location: SourceLocation, _ field: String, _ message: String) {
        problems.append(CaseProblem(location: location, field: field, message: message))
    }

    private mutating func reportYAMLError(_ error: Error, yaml: String) {
        let offset = firstYAMLLine - 1
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: path, line: mark.line + offset, column: mark.column)
        }
        guard let yamlError = error as? YamlError else {
            report(SourceLocation(file: path, line: firstYAMLLine, column: 1), "front matter", "invalid YAML: \(error)")
            return
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line + offset))" }
            report(at(mark), "front matter", message)
        case .reader(let problem, let characterOffset, _, _):
            var line = firstYAMLLine
            var column = 1
            for character in yaml.prefix(characterOffset ?? 0) {
                if character.isNewline { line += 1; column = 1 } else { column += character.unicodeScalars.count }
            }
            report(SourceLocation(file: path, line: line, column: column), "front matter", "invalid YAML: \(problem)")
        default:
            report(SourceLocation(file: path, line: firstYAMLLine, column: 1), "front matter",
                   "invalid YAML: \(yamlError)")
        }
    }
}
