import RerankCore

/// The view model of history.html: a trend chart per metric with a line per scorer, and what
/// changed since the previous run (metric deltas and cases whose top result or Hit@1 changed).
struct HistoryPage {
    let site: SiteContext
    let path = SitePaths.history
    /// Thousands of cases can change at once (a new model): the page lists the first 200.
    static let changesShown = 200

    func model() -> HistoryPageModel {
        let runs = site.results.history
        let scorers = site.scorers
        let metrics = site.results.metrics
        return HistoryPageModel(
            title: site.results.title,
            runCount: runs.count,
            jsonHref: SitePaths.historyJSON,
            charts: metrics.map { HistoryPageModel.Chart(title: $0.title, svgHtml: TrendChart.svg(metric: $0, scorers: scorers, runs: runs)) },
            series: scorers.enumerated().map { HistoryPageModel.Series(scorer: $0.element, cls: "series-\($0.offset % 8)") },
            runs: runs.enumerated().reversed().map { i, run in
                let commit = run.gitCommit.map { String($0.prefix(12)) + (run.gitDirty == true ? " (with uncommitted changes)" : "") }
                return HistoryPageModel.Run(number: i + 1, time: run.time, toolVersion: run.toolVersion, commit: commit ?? "—",
                                            configHash: String(run.configHash.prefix(12)))
            },
            previous: sincePrevious(runs: runs, scorers: scorers, metrics: metrics))
    }

    /// The metric deltas and changed cases between the last two runs; nil with fewer than two.
    private func sincePrevious(runs: [HistoryRun], scorers: [String], metrics: [MetricName])
        -> (deltas: [HistoryPageModel.DeltaRow], changes: [HistoryPageModel.Change], moreChanges: String)? {
        guard runs.count >= 2, let current = runs.last else { return nil }
        let previous = runs[runs.count - 2]
        let deltas = metrics.map { m in
            HistoryPageModel.DeltaRow(metric: m.title, cells: scorers.map { s in
                guard let now = current.means[s]?[m.name] else { return ClassedText(text: "—", cls: "") }
                guard let before = previous.means[s]?[m.name] else { return ClassedText(text: fixed(now, 4) + " (new)", cls: "") }
                return ClassedText(text: "\(fixed(before, 4)) → \(fixed(now, 4)) (\(formatDelta(now - before, 4)))",
                                   cls: now > before ? "up" : (now < before ? "down" : ""))
            })
        }
        let changes = changedCases(from: previous, to: current)
        let more = changes.count > Self.changesShown
            ? "… and \(changes.count - Self.changesShown) more (history.json holds every case's top result and metrics for the latest two runs)" : ""
        let shown = changes.prefix(Self.changesShown).map { c in
            let slug = site.results.cases.first { $0.file.path == c.path }?.file.slug
            let href = slug.flatMap { site.casePaths[$0] }.map { SitePaths.href(from: path, to: $0) }
            return HistoryPageModel.Change(path: c.path, scorer: c.scorer, change: c.change, href: href)
        }
        return (deltas, shown, more)
    }
}
