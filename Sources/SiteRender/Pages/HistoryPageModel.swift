import Mustache

// The history page's view model as typed values (`history.mustache`); see IndexPageModel for how
// names are answered.

/// The whole model of history.html.
final class HistoryPageModel: MustacheParent {
    /// A metric's trend chart.
    final class Chart: MustacheParent {
        let title, svgHtml: String
        init(title: String, svgHtml: String) { self.title = title; self.svgHtml = svgHtml }
        func child(named name: String) -> Any? {
            switch name {
            case "title": return title
            case "svgHtml": return svgHtml
            default: return nil
            }
        }
    }

    /// A scorer's line in the charts and its colour class.
    final class Series: MustacheParent {
        let scorer, cls: String
        init(scorer: String, cls: String) { self.scorer = scorer; self.cls = cls }
        func child(named name: String) -> Any? {
            switch name {
            case "scorer": return scorer
            case "cls": return cls
            default: return nil
            }
        }
    }

    /// A recorded run.
    final class Run: MustacheParent {
        let number: Int
        let time, toolVersion, commit, configHash: String
        init(number: Int, time: String, toolVersion: String, commit: String, configHash: String) {
            self.number = number; self.time = time; self.toolVersion = toolVersion; self.commit = commit; self.configHash = configHash
        }
        func child(named name: String) -> Any? {
            switch name {
            case "number": return number
            case "time": return time
            case "toolVersion": return toolVersion
            case "commit": return commit
            case "configHash": return configHash
            default: return nil
            }
        }
    }

    /// A metric's change per scorer since the previous run.
    final class DeltaRow: MustacheParent {
        let metric: String
        let cells: [ClassedText]
        init(metric: String, cells: [ClassedText]) { self.metric = metric; self.cells = cells }
        func child(named name: String) -> Any? {
            switch name {
            case "metric": return metric
            case "cells": return cells
            default: return nil
            }
        }
    }

    /// A case whose top result or Hit@1 changed, linked to its page when it still has one.
    final class Change: MustacheParent {
        let path, scorer, change, href: String
        init(path: String, scorer: String, change: String, href: String?) {
            self.path = path; self.scorer = scorer; self.change = change; self.href = href ?? ""
        }
        func child(named name: String) -> Any? {
            switch name {
            case "path": return path
            case "scorer": return scorer
            case "change": return change
            case "href": return href
            case "hasHref": return !href.isEmpty
            default: return nil
            }
        }
    }

    let title, jsonHref: String
    let runCount: Int
    let charts: [Chart]
    let series: [Series]
    let runs: [Run]
    /// What changed since the previous run; nil with a single run.
    let previous: (deltas: [DeltaRow], changes: [Change], moreChanges: String)?

    init(title: String, runCount: Int, jsonHref: String, charts: [Chart], series: [Series], runs: [Run],
         previous: (deltas: [DeltaRow], changes: [Change], moreChanges: String)?) {
        self.title = title; self.runCount = runCount; self.jsonHref = jsonHref; self.charts = charts
        self.series = series; self.runs = runs; self.previous = previous
    }

    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "runCount": return runCount
        case "jsonHref": return jsonHref
        case "charts": return charts
        case "series": return series
        case "runs": return runs
        case "hasPrevious": return previous != nil
        case "deltas": return previous?.deltas ?? []
        case "changes": return previous?.changes ?? []
        case "hasChanges": return !(previous?.changes.isEmpty ?? true)
        case "moreChanges": return previous?.moreChanges ?? ""
        case "hasMoreChanges": return !(previous?.moreChanges.isEmpty ?? true)
        default: return nil
        }
    }
}

/// `<td class="{{cls}}">{{text}}</td>`: a text with its class (up, down or none).
final class ClassedText: MustacheParent {
    let text, cls: String
    init(text: String, cls: String) { self.text = text; self.cls = cls }
    func child(named name: String) -> Any? {
        switch name {
        case "text": return text
        case "cls": return cls
        default: return nil
        }
    }
}
