import Checksum
import RerankCore

/// Parses one case file (YAML front matter + Markdown) into a `CaseFile`. Pure: text in, value
/// or every problem of the file out.
public enum CaseParser {
    /// Parses `text`, the content of the file at `path` (relative to the input folder, `/`
    /// separators; it gives the section, slug and fallback title). `sourceHash` is stored as is.
    public static func parse(text: String, path: String, sourceHash: String) -> Result<CaseFile, CaseProblems> {
        let outcome = read(text: text, path: path, sourceHash: sourceHash)
        if let caseFile = outcome.caseFile { return .success(caseFile) }
        return .failure(CaseProblems(outcome.problems.sorted(by: CaseProblem.reportOrder)))
    }

    /// Parses a file's bytes: they must be UTF-8; the hash is their SHA-256.
    public static func parse(bytes: [UInt8], path: String) -> Result<CaseFile, CaseProblems> {
        switch UTF8Decoding.decode(bytes, path: path) {
        case .success(let text): return parse(text: text, path: path, sourceHash: SHA256.hex(bytes))
        case .failure(let problem): return .failure(CaseProblems([problem]))
        }
    }

    /// The sections with a meaning, by lower-cased heading; headings match case-insensitively.
    static let knownSections = ["query": "Query", "rewrites": "Rewrites", "candidates": "Candidates"]

    /// The case, or nil and its problems; `isDraft` is known even when other parts are broken.
    struct Outcome {
        var caseFile: CaseFile?
        var problems: [CaseProblem]
        var isDraft: Bool
    }

    static func read(text: String, path: String, sourceHash: String) -> Outcome {
        let source = SourceText(text)
        var frontMatterReader = FrontMatterReader(path: path)
        let frontMatter = frontMatterReader.read(source)
        var problems = frontMatterReader.problems

        // Blank the front matter out rather than cutting it, so cmark's lines are the file's lines.
        var lines = source.lines
        if let frontMatterLines = frontMatter.lines {
            for number in frontMatterLines { lines[number - 1] = "" }
        }
        let bodyLines = (1...lines.count).filter { !(frontMatter.lines?.contains($0) ?? false) }
        problems += ControlCharacters.problems(lines: lines, numbers: bodyLines, path: path)
        // cmark reads the structure from a copy whose literal text cannot pose as HTML.
        let mask = LiteralMask(lines: lines, path: path)
        problems += mask.problems
        let blocks = MarkdownParser.parseBlocks(mask.lines.joined(separator: "\n"))
        let outline = CaseOutline(blocks: blocks, lineCount: lines.count)
        let blockText = BlockText(source: source, path: path)
        problems += blockText.unclosedFences(outline)
        let casePath = CasePath(path: path)
        problems += casePath.problems(path: path)

        let titleHeading = frontMatter.title != nil ? nil : outline.introBlocks.first {
            $0.kind == .heading(level: 1) && !$0.plainText.isEmpty
        }
        let title = frontMatter.title ?? titleHeading?.plainText ?? casePath.stem
        let introLines = (outline.introLines.map(Array.init) ?? []).filter { number in
            guard let heading = titleHeading else { return true }
            return number < heading.startLine || number > heading.endLine
        }
        let intro = joinTrimmingBlankEdges(introLines.map { lines[$0 - 1] }[...])

        var known: [String: CaseOutline.Part] = [:]
        var sections: [ProseSection] = []
        for part in outline.parts {
            let name = part.title.lowercased()
            guard let canonical = knownSections[name] else {
                if part.title.isEmpty {
                    problems.append(CaseProblem(location: blockText.location(part.heading), field: "sections",
                                                message: "empty '##' heading"))
                }
                let body = part.bodyLines.map { joinTrimmingBlankEdges(lines[($0.lowerBound - 1)..<$0.upperBound]) }
                sections.append(ProseSection(heading: part.title, markdown: body ?? ""))
                continue
            }
            if let first = known[name] {
                problems.append(CaseProblem(location: blockText.location(part.heading), field: name,
                    message: "a second \(canonical) section (the first is at line \(first.heading.startLine))"))
            } else {
                known[name] = part
            }
        }

        var querySection = QuerySection(text: blockText)
        var query = ""
        if let part = known["query"] {
            query = querySection.readQuery(part)
        } else {
            problems.append(missingSection("Query", field: "query", blocks: blocks, path: path,
                                           what: "followed by the query as one paragraph"))
        }
        let rewrites = known["rewrites"].map { querySection.readRewrites($0, query: query) } ?? []
        problems += querySection.problems

        var candidateList = CandidateList(text: blockText)
        var candidates: [Candidate] = []
        if let part = known["candidates"] {
            candidates = candidateList.read(part)
            problems += candidateList.problems
        } else {
            problems.append(missingSection("Candidates", field: "candidates", blocks: blocks, path: path,
                                           what: "followed by a list of the candidates in first-stage order"))
        }

        guard problems.isEmpty else { return Outcome(caseFile: nil, problems: problems, isDraft: frontMatter.draft) }
        var caseFile = CaseFile(
            path: path, section: casePath.section, slug: casePath.slug, title: title, tags: frontMatter.tags,
            instructions: frontMatter.instructions, draft: frontMatter.draft, query: query, rewrites: rewrites,
            candidates: candidates, intro: intro, sections: sections, sourceHash: sourceHash, slope: frontMatter.slope)
        caseFile.importedFrom = frontMatter.importedFrom
        caseFile.missedRelevant = frontMatter.missedRelevant
        return Outcome(caseFile: caseFile, problems: [], isDraft: frontMatter.draft)
    }

    /// "no Query section", pointing at a same-named heading of the wrong level if there is one.
    private static func missingSection(_ name: String, field: String, blocks: [MarkdownBlock], path: String,
                                       what: String) -> CaseProblem {
        var message = "no \(name) section: add a '## \(name)' heading \(what)"
        let misplaced = blocks.first {
            if case .heading(let level) = $0.kind { return level != 2 && $0.plainText.lowercased() == field }
            return false
        }
        if let misplaced, case .heading(let level) = misplaced.kind {
            message += " (the heading '\(misplaced.plainText)' at line \(misplaced.startLine) is level \(level), "
                + "not level 2)"
        }
        return CaseProblem(location: SourceLocation(file: path, line: 1, column: 1), field: field, message: message)
    }
}
