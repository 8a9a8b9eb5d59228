import Foundation
import RerankCore

/// `rerank-site export FORMAT`: the case set as a dataset that `import` reads back.
///
/// - jsonl: `cases.jsonl`, one case a line: everything a case file holds (title, tags,
///   instructions, draft, slope, query, rewrites, section, intro, prose sections such as
///   `## Takeaways`, missed_relevant, candidates with text, id, label, note), so importing it gives
///   files that read as the same cases, and import → export → import gives identical files.
/// - beir: `corpus.jsonl`, `queries.jsonl`, `qrels/test.tsv` and `run.trec` (the first-stage order).
/// - trec: `topics.tsv`, `docs.tsv`, `run.trec`, `qrels.txt`.
///
/// Query ids are the file names without `.md` (the slug when two sections share a name);
/// document ids are the candidates' ids, else `QID/cN`. Pure: returns the files' bytes.
public enum CaseExport {
    public static func files(_ cases: [CaseFile], format: DatasetFormat) throws -> [(path: String, bytes: [UInt8])] {
        let cases = cases.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let qids = queryIDs(cases)
        switch format {
        case .jsonl: return [("cases.jsonl", try jsonl(cases))]
        case .csv: throw DatasetError(file: "export", "export writes jsonl, beir or trec; csv is an import format only")
        case .beir, .trec: return try ranked(cases, qids: qids, format: format)
        }
    }

    static func stem(_ file: CaseFile) -> String {
        let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    static func queryIDs(_ cases: [CaseFile]) -> [String] {
        let stems = cases.map(stem)
        let unique = Set(stems).count == stems.count
        return unique ? stems : cases.map(\.slug)
    }

    static func jsonl(_ cases: [CaseFile]) throws -> [UInt8] {
        var out: [UInt8] = []
        for file in cases {
            var object: [String: Any] = ["id": stem(file), "title": file.title, "query": file.query]
            if !file.section.isEmpty { object["section"] = file.section.joined(separator: "/") }
            if !file.tags.isEmpty { object["tags"] = file.tags }
            if !file.instructions.isEmpty { object["instructions"] = file.instructions }
            if !file.rewrites.isEmpty { object["rewrites"] = file.rewrites }
            if !file.intro.isEmpty { object["intro"] = file.intro }
            if !file.sections.isEmpty {
                object["sections"] = file.sections.map { ["heading": $0.heading, "markdown": $0.markdown] }
            }
            if file.draft { object["draft"] = true }
            if let slope = file.slope { object["slope"] = slope.map(\.spec) }
            if let missed = file.missedRelevant { object["missed_relevant"] = missed }
            object["candidates"] = file.candidates.map { candidate -> [String: Any] in
                var entry: [String: Any] = ["text": candidate.text]
                if let id = candidate.id { entry["id"] = id }
                if let label = candidate.label { entry["label"] = label }
                if let note = candidate.note { entry["note"] = note }
                return entry
            }
            out += try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            out.append(0x0A)
        }
        return out
    }

    static func ranked(_ cases: [CaseFile], qids: [String], format: DatasetFormat) throws -> [(path: String, bytes: [UInt8])] {
        var problems: [DatasetProblem] = []
        var documents: [(id: String, text: String)] = []
        var documentOwner: [String: (text: String, path: String)] = [:]
        var queries = "", docs = "", run = "", qrels = format == .beir ? "query-id\tcorpus-id\tscore\n" : ""
        var queryLines: [UInt8] = [], corpusLines: [UInt8] = []
        for (file, qid) in zip(cases, qids) {
            if format == .trec, file.query.contains(where: { $0 == "\t" || $0 == "\n" }) {
                problems.append(DatasetProblem(file: file.path, "the query has a tab or line break, which a TREC topics line cannot hold"))
            }
            if format == .beir {
                queryLines += try line(["_id": qid, "text": file.query])
            } else {
                queries += "\(qid)\t\(file.query)\n"
            }
            for candidate in file.candidates {
                let docid = candidate.id ?? "\(qid)/c\(candidate.index)"
                if let owner = documentOwner[docid] {
                    if owner.text != candidate.text {
                        problems.append(DatasetProblem(file: file.path, line: candidate.location.line,
                            "document id '\(docid)' has another text in \(owner.path); a \(format.rawValue) corpus holds one text per id"))
                    }
                } else {
                    documentOwner[docid] = (candidate.text, file.path)
                    documents.append((docid, candidate.text))
                    if format == .trec, candidate.text.contains(where: { $0 == "\t" || $0 == "\n" }) {
                        problems.append(DatasetProblem(file: file.path, line: candidate.location.line,
                            "the candidate has a tab or line break, which a TREC documents line cannot hold; export beir or jsonl"))
                    }
                }
                let rank = candidate.index + 1
                run += TrecRunLine.text(queryID: qid, docid: docid, rank: rank, score: "\(file.candidates.count - candidate.index)",
                                       tag: "first-stage")
                if let label = candidate.label {
                    qrels += format == .beir ? "\(qid)\t\(docid)\t\(label)\n" : "\(qid) 0 \(docid) \(label)\n"
                }
            }
        }
        guard problems.isEmpty else { throw DatasetError(problems) }
        for document in documents {
            if format == .beir {
                corpusLines += try line(["_id": document.id, "title": "", "text": document.text])
            } else {
                docs += "\(document.id)\t\(document.text)\n"
            }
        }
        if format == .beir {
            return [("corpus.jsonl", corpusLines), ("queries.jsonl", queryLines),
                    ("qrels/test.tsv", Array(qrels.utf8)), ("run.trec", Array(run.utf8))]
        }
        return [("topics.tsv", Array(queries.utf8)), ("docs.tsv", Array(docs.utf8)),
                ("run.trec", Array(run.utf8)), ("qrels.txt", Array(qrels.utf8))]
    }

    private static func line(_ object: [String: Any]) throws -> [UInt8] {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) + [0x0A]
    }
}

/// Writes an export into a folder that is missing, empty, or holds an earlier export (it lists
/// its files in `.rerank-site-export`); anything else there is left alone and the export refused.
public enum ExportWriter {
    static let marker = ".rerank-site-export"

    public static func write(_ files: [(path: String, bytes: [UInt8])], to output: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: output.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DatasetError(file: output.path, "--output is a file, not a folder") }
            let markerURL = output.appendingPathComponent(marker)
            let listed = Set(((try? String(contentsOf: markerURL, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init))
            let present = (try? manager.contentsOfDirectory(atPath: output.path)) ?? []
            let foreign = present.filter { name in
                name != marker && !listed.contains(name) && !listed.contains(where: { $0.hasPrefix(name + "/") })
            }
            if !foreign.isEmpty {
                throw DatasetError(foreign.sorted().map { DatasetProblem(file: output.appendingPathComponent($0).path,
                    "is in the output folder and was not written by rerank-site export; export into an empty or new folder") })
            }
        }
        do {
            for file in files {
                let url = output.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url, options: .atomic)
            }
            let listing = files.map(\.path).sorted().joined(separator: "\n") + "\n"
            try Data(listing.utf8).write(to: output.appendingPathComponent(marker), options: .atomic)
        } catch let error as DatasetError {
            throw error
        } catch {
            throw DatasetError(file: output.path, "cannot write the export: \(error.localizedDescription)")
        }
    }
}
