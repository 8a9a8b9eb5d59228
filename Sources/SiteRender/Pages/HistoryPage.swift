import RerankCore

/// The view model of history.html: a trend chart per metric with a line per scorer, and what
/// changed since the previous run (metric deltas and cases whose top result or Hit@1 changed).
struct HistoryPage {
    let site: SiteContext
    let path = SitePaths.history

    func model() -> [String: Any] {
        let runs = site.results.history
        let scorers = site.scorers
        let metrics = site.results.metrics
        var model: [String: Any] = [
            "title": site.results.title,
            "runCount": runs.count,
            "charts": metrics.map { m -> [String: Any] in
                ["title": m.title, "svgHtml": TrendChart.svg(metric: m, scorers: scorers, runs: runs)]
            },
            "series": scorers.enumerated().map { ["scorer": $0.element, "cls": "series-\($0.offset % 8)"] },
            "runs": runs.enumerated().reversed().map { i, run -> [String: Any] in
                let commit = run.gitCommit.map { String($0.prefix(12)) + (run.gitDirty == true ? " (with uncommitted changes)" : "") }
                return ["number": i + 1, "time": run.time, "toolVersion": run.toolVersion, "commit": commit ?? "—",
                        "configHash": String(run.configHash.prefix(12))]
            },
            "hasPrevious": runs.count >= 2,
            "jsonHref": SitePaths.historyJSON,
        ]
        guard runs.count >= 2, let current = runs.last else { return model }
        let previous = runs[runs.count - 2]
        model["deltas"] = metrics.map { m -> [String: Any] in
            ["metric": m.title, "cells": scorers.map { s -> [String: Any] in
                guard let now = current.means[s]?[m.name] else { return ["text": "—", "cls": ""] }
                guard let before = previous.means[s]?[m.name] else { return ["text": fixed(now, 4) + " (new)", "cls": ""] }
                return ["text": "\(fixed(before, 4)) → \(fixed(now, 4)) (\(formatDelta(now - before, 4)))",
                        "cls": now > before ? "up" : (now < before ? "down" : "")]
            }]
        }
        let changes = changedCases(from: previous, to: current)
        // Thousands of cases can change at once (a new model): the page lists the first 200.
        let shown = 200
        model["moreChanges"] = changes.count > shown ? "… and \(changes.count - shown) more (history.json holds every case's top result and metrics per run)" : ""
        model["hasMoreChanges"] = changes.count > shown
        model["changes"] = changes.prefix(shown).map { c -> [String: Any] in
            let slug = site.results.cases.first { $0.file.path == c.path }?.file.slug
            let href = slug.flatMap { site.casePaths[$0] }.map { SitePaths.href(from: path, to: $0) }
            return ["path": c.path, "scorer": c.scorer, "change": c.change, "href": href ?? "", "hasHref": href != nil]
        }
        model["hasChanges"] = !changes.isEmpty
        return model
    }
}
