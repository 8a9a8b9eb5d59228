import Cases
import Foundation
import RerankCore

/// What an import did.
public struct ImportReport: Sendable {
    /// Written files, relative to the output folder, in order.
    public var files: [String]
    public var candidates: Int
    /// Things skipped that do not stop the import (a query without run lines, a duplicate document).
    public var warnings: [String]
}

/// `rerank-site import`: read a dataset, make one case file per query, check every file reads
/// back as its case, then write them all, or nothing when any problem is found.
public enum Importer {
    public static func run(_ options: ImportOptions) throws -> ImportReport {
        let usage = options.usageProblems()
        guard usage.isEmpty else { throw DatasetError(usage.map { DatasetProblem(file: "import", $0) }) }
        var problems = ProblemList()
        var cases = try read(options, problems: &problems)
        guard problems.isEmpty else { throw DatasetError(problems.all) }
        guard !cases.isEmpty else {
            throw DatasetError(file: options.sources.first?.lastPathComponent ?? "import", "no cases to import")
        }
        var warnings: [String] = []
        cases = cases.map { prepare($0, options: options, problems: &problems, warnings: &warnings) }
        let stems = CaseSlug.assign(cases)
        var files: [(path: String, text: String)] = []
        for (item, stem) in zip(cases, stems) {
            let path = (item.section + [stem + ".md"]).joined(separator: "/")
            let written = CaseWriter.write(item, format: options.format, path: path)
            for problem in written.problems { problems.add(problem) }
            files.append((path, written.text))
        }
        guard problems.isEmpty else { throw DatasetError(problems.all) }
        let targets = CaseFileTargets(output: options.output, update: options.update)
        let targetProblems = targets.check(files.map(\.path))
        guard targetProblems.isEmpty else { throw DatasetError(targetProblems) }
        try targets.write(files)
        return ImportReport(files: files.map(\.path), candidates: cases.reduce(0) { $0 + $1.candidates.count },
                            warnings: warnings)
    }

    static func read(_ options: ImportOptions, problems: inout ProblemList) throws -> [ImportedCase] {
        switch options.format {
        case .beir: return try BEIRImport.read(options, problems: &problems)
        case .trec: return try TRECImport.read(options, problems: &problems)
        case .jsonl, .csv:
            guard let source = options.sources.first else { return [] }
            let reader = LineReader(path: source.path, name: source.lastPathComponent)
            let all = options.format == .jsonl
                ? try JSONLImport.read(reader, problems: &problems)
                : try CSVImport.read(reader, columns: options.columns, problems: &problems)
            return CaseSelection.indices(count: all.count, sample: options.sample, seed: options.seed, limit: options.limit)
                .map { all[$0] }
        }
    }

    /// The case as it will be written: options applied, text tidied (`ImportText`), ids and labels
    /// checked; a later candidate with the same text as an earlier one is dropped with a warning
    /// (a case cannot hold both).
    static func prepare(_ source: ImportedCase, options: ImportOptions,
                        problems: inout ProblemList, warnings: inout [String]) -> ImportedCase {
        var item = source
        let at = item.origin
        item.query = ImportText.normalize(item.query)
        if item.query.isEmpty { problems.add(at.file, at.line, "the query is empty") }
        item.title = item.title.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces) }
        if item.title?.isEmpty == true { item.title = nil }
        item.tags = unique(item.tags.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty })
        item.instructions = unique(item.instructions.map(ImportText.normalize).filter { !$0.isEmpty })
        if item.instructions.isEmpty, let instruction = options.instruction { item.instructions = [ImportText.normalize(instruction)] }
        item.rewrites = unique(item.rewrites.map(ImportText.normalize).filter { !$0.isEmpty && $0 != item.query })
        item.section = (options.section.map { [$0] } ?? []) + item.section
        item.section = item.section.map(CaseSlug.make).filter { !$0.isEmpty }
        item.intro = ImportText.normalizeMarkdown(item.intro)
        item.sections = item.sections.map { section in
            ProseSection(heading: ImportText.normalize(section.heading).split(separator: "\n").joined(separator: " "),
                         markdown: ImportText.normalizeMarkdown(section.markdown))
        }

        var seenText: [String: (position: Int, candidate: ImportedCandidate)] = [:]
        var seenID: [String: ImportedCandidate] = [:]
        var kept: [ImportedCandidate] = []
        for (position, source) in item.candidates.enumerated() {
            var candidate = source
            let where_ = candidate.origin
            candidate.text = ImportText.normalize(candidate.text)
            candidate.note = candidate.note.map { ImportText.normalizeMarkdown($0, trimmingLineEnds: true) }
                .flatMap { $0.isEmpty ? nil : $0 }
            guard !candidate.text.isEmpty else {
                problems.add(where_.file, where_.line, "empty candidate text" + (candidate.id.map { " (document '\($0)')" } ?? ""))
                continue
            }
            if let id = candidate.id {
                if let problem = CandidateID.problem(id) { problems.add(where_.file, where_.line, "candidate id: \(problem)") }
                if let earlier = seenID[id] {
                    problems.add(where_.file, where_.line, "candidate id '\(id)' is given twice in one case (first at line \(earlier.origin.line))")
                }
                seenID[id] = candidate
            }
            if let label = candidate.label, !(0...100).contains(label) {
                problems.add(where_.file, where_.line, "the label \(label) is out of range: labels are integers from 0 to 100")
            }
            let key = normalizedWhitespace(candidate.text)
            if let earlier = seenText[key] {
                warnings.append(duplicateWarning(candidate, position: position, kept: earlier.candidate, keptPosition: earlier.position))
                continue
            }
            seenText[key] = (position, candidate)
            kept.append(candidate)
        }
        item.candidates = kept
        if kept.isEmpty && !source.candidates.isEmpty { problems.add(at.file, at.line, "the case has no candidates left") }
        if source.candidates.isEmpty { problems.add(at.file, at.line, "the case has no candidates") }
        return item
    }

    /// `file:line: skipped candidate 4 ('d-9'): same text as candidate 2 ('d-3', line 7), which is kept`:
    /// positions count the query's candidates in source order, from 1.
    static func duplicateWarning(_ skipped: ImportedCandidate, position: Int,
                                 kept: ImportedCandidate, keptPosition: Int) -> String {
        let keptPlace = [kept.id.map { "'\($0)'" }, kept.origin.line == skipped.origin.line ? nil : "line \(kept.origin.line)"]
            .compactMap { $0 }.joined(separator: ", ")
        return "\(skipped.origin.file):\(skipped.origin.line): skipped candidate \(position + 1)"
            + (skipped.id.map { " ('\($0)')" } ?? "") + ": same text as candidate \(keptPosition + 1)"
            + (keptPlace.isEmpty ? "" : " (\(keptPlace))") + ", which is kept (a case cannot hold two candidates with one text)"
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
