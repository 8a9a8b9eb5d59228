import ArgumentParser
import Datasets
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Write one case file per query from a JSONL, CSV, BEIR or TREC dataset.",
        discussion: """
            rerank-site import jsonl FILE --output DIR
            rerank-site import csv FILE --output DIR [--columns candidate=passage,label=grade]
            rerank-site import beir DIR --output DIR [--split test] [--run FILE] [--top-k 20]
            rerank-site import trec --topics FILE --docs FILE --run FILE [--qrels FILE] --output DIR
            Nothing is written when any problem is found; a file is replaced only when an earlier
            import wrote it and --update is given.
            """)

    @Argument(help: "jsonl, csv, beir or trec.")
    var format: String
    @Argument(help: "The JSONL or CSV file, or the BEIR folder.")
    var sources: [String] = []
    @Option(name: .long, help: "Folder the case files are written to.")
    var output: String
    @Option(name: .long, help: "Import at most N cases (after --sample).")
    var limit: Int?
    @Option(name: .long, help: "Import N cases chosen at random (with --seed), kept in input order.")
    var sample: Int?
    @Option(name: .long, help: "Seed for --sample.")
    var seed: UInt64 = 0
    @Option(name: .long, help: "Instruction for every case that has none of its own.")
    var instruction: String?
    @Option(name: .long, help: "Put the cases in this section (a sub-folder of --output).")
    var section: String?
    @Flag(name: .long, help: "Replace case files that an earlier import wrote.")
    var update = false
    @Option(name: .long, help: "BEIR split: reads qrels/SPLIT.tsv.")
    var split = "test"
    @Option(name: .customLong("run"), help: "TREC run file: the first stage's ranking.")
    var runFile: String?
    @Option(name: .customLong("top-k"), help: "Keep each query's first K documents of the run (default 20).")
    var topK: Int?
    @Option(name: .long, help: "trec: topics, qid<TAB>query lines.")
    var topics: String?
    @Option(name: .long, help: "trec: documents, docid<TAB>text lines.")
    var docs: String?
    @Option(name: .long, help: "trec: relevance judgments, qid 0 docid rel lines.")
    var qrels: String?
    @Option(name: .long, help: "csv: role=HEADER pairs, comma-separated (roles: query, candidate, label, id, note, instruction, case, title, section).")
    var columns: String?

    func validate() throws {
        let problems = try options().usageProblems()
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func options() throws -> ImportOptions {
        guard let format = DatasetFormat(rawValue: format) else {
            throw ValidationError("unknown format '\(format)': use jsonl, csv, beir or trec")
        }
        let url = absoluteURL
        var options = ImportOptions(format: format, sources: sources.map(url), output: url(output))
        options.limit = limit; options.sample = sample; options.seed = seed
        options.instruction = instruction; options.section = section; options.update = update; options.split = split
        options.run = runFile.map(url); options.topK = topK
        options.topics = topics.map(url); options.docs = docs.map(url); options.qrels = qrels.map(url)
        for pair in (columns ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--columns: expected role=HEADER, found '\(pair)'")
            }
            options.columns[parts[0]] = parts[1]
        }
        return options
    }

    func run() throws {
        let started = Date()
        do {
            let report = try Importer.run(try options())
            for warning in report.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("\(report.files.count) cases, \(report.candidates) candidates written in \(seconds) s\n".utf8))
            print(try options().output.path)
        } catch let error as DatasetError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(1)
        }
    }
}
