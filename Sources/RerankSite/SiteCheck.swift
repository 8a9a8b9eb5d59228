import Foundation
import RerankCore

extension SiteBuilder {
    /// `rerank-site check`: the gates of the configuration on the last build's results (its
    /// data/results.json); rewrites the site's data/check.json and writes the Markdown summary.
    public static func check(_ options: BuildOptions,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CheckReport {
        let config = try loadConfig(options)
        let siteDir = config.resolve(options.output ?? config.output)
        let resultsFile = siteDir.appendingPathComponent("data/results.json")
        guard let data = FileManager.default.contents(atPath: resultsFile.path) else {
            throw BuildError(.badInput, step: "check", "\(resultsFile.path): no built site to check; run `rerank-site build` first")
        }
        struct Results: Decodable {
            struct Summary: Decodable { var scorer: String; var means: [String: Double]? }
            var summaries: [Summary]
        }
        guard let results = try? JSONDecoder().decode(Results.self, from: data) else {
            throw BuildError(.badInput, step: "check", "\(resultsFile.path): not a results.json written by rerank-site")
        }
        var means: MetricMeans = [:]
        for s in results.summaries { means[s.scorer] = s.means ?? [:] }
        // The site's history ends with the last build's run; the one before it is the previous run.
        let runs = FileManager.default.contents(atPath: siteDir.appendingPathComponent("data/history.json").path)
            .flatMap { try? JSONDecoder().decode(HistoryDocument.self, from: $0) }?.runs ?? []
        let previous = runs.count >= 2 ? runs[runs.count - 2] : nil
        let report = GateCheck.report(title: config.title, gates: config.gates, metrics: config.measuredMetrics,
                                      scorers: results.summaries.map(\.scorer), means: means, previous: previous?.means,
                                      changes: previous.map { changedCases(from: $0, to: runs[runs.count - 1]) } ?? [])
        let checkFile = siteDir.appendingPathComponent(GateCheck.jsonPath)
        if OutputSafety.hasMarker(siteDir.path) {
            do { try Data(report.json).write(to: checkFile, options: .atomic) } catch {
                throw BuildError(.io, step: "check", "\(checkFile.path): cannot write (\(error.localizedDescription))")
            }
        }
        try GateCheck.writeSummary(report.markdown, to: options.summaryFile, environment: environment)
        return report
    }
}
