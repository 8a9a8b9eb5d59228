import ArgumentParser
import Cases
import Datasets
import Foundation
import RerankSite

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the case set as a JSONL, BEIR or TREC dataset that import reads back.")

    @Argument(help: "jsonl, beir or trec.")
    var format: String
    @Option(name: .long, help: "Folder the dataset is written to (missing, empty, or an earlier export).")
    var output: String
    @OptionGroup var cases: CaseArguments

    func validate() throws {
        guard let format = DatasetFormat(rawValue: format), format != .csv else {
            throw ValidationError("unknown export format '\(format)': use jsonl, beir or trec")
        }
    }

    func run() throws {
        guard let format = DatasetFormat(rawValue: format) else { throw ExitCode(2) }
        let options = cases.buildOptions()
        let inputFolder = try SiteBuilder.inputFolder(options)
        do {
            let cases = try CaseLoader.load(inputDirectory: inputFolder, includeDrafts: options.includeDrafts)
            let output = absoluteURL(output)
            let files = try CaseExport.files(cases, format: format)
            try ExportWriter.write(files, to: output)
            FileHandle.standardError.write(Data("\(cases.count) cases exported as \(format.rawValue)\n".utf8))
            print(output.path)
        } catch let problems as CaseProblems {
            FileHandle.standardError.write(Data("error: cases: \(problems.problems.count) problems\n\(problems)\n".utf8))
            Foundation.exit(1)
        } catch let error as DatasetError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(1)
        }
    }
}
