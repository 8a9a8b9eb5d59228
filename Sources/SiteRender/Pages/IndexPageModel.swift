import Mustache
import RerankCore

// The index page's view model as typed values (as CasePageModel is for the case page). Each type
// answers the names its templates ask for by a switch; a name no value has climbs to the page's
// CheckedModel root, which fails the build naming the template and line. Known names never answer
// nil (an absent value is "", false or an empty list), so only unknown names climb.

/// The whole model of index.html (`index.mustache` and the partials it includes).
final class IndexPageModel: MustacheParent {
    struct Facts {
        var title: String
        var caseCount, labelledCount, scorerCount: Int
        var baseline: String
        var fusion, fusionText, toolVersion: String
        var bootstrapResamples, randomisations: String
        var exactUpTo: Int
        var seed: String
        var pageSize: Int
        /// Whether any scorer has a summary (the summary table is shown).
        var hasSummary: Bool
    }

    let facts: Facts
    let metricNotes: [NamedText]
    let summary: SummaryTable
    let comparison: [ComparisonGroup]
    let histograms: [HistogramFigure]
    /// The cases grouped by section, when the index lists cases itself (small sites).
    let sections: [CaseGroup]
    /// The sections' listing pages, when the site is paged (large sites).
    let sectionLinks: [SectionLink]
    let paged: Bool
    let downloads: [DownloadLink]
    let scorers: [ScorerFacts]
    let notRun: [NotRunItem]
    /// ModelCardsView's items and ChecksView's model (the model-cards and checks partials).
    let modelCards: [ModelCard]
    let checks: ChecksModel
    let legend: [LegendItem]

    init(facts: Facts, metricNotes: [NamedText], summary: SummaryTable, comparison: [ComparisonGroup],
         histograms: [HistogramFigure], sections: [CaseGroup], sectionLinks: [SectionLink], paged: Bool,
         downloads: [DownloadLink], scorers: [ScorerFacts], notRun: [NotRunItem], modelCards: [ModelCard],
         checks: ChecksModel, legend: [LegendItem]) {
        self.facts = facts; self.metricNotes = metricNotes; self.summary = summary; self.comparison = comparison
        self.histograms = histograms; self.sections = sections; self.sectionLinks = sectionLinks; self.paged = paged
        self.downloads = downloads; self.scorers = scorers; self.notRun = notRun; self.modelCards = modelCards
        self.checks = checks; self.legend = legend
    }

    func child(named name: String) -> Any? {
        switch name {
        case "title": return facts.title
        case "caseCount": return facts.caseCount
        case "labelledCount": return facts.labelledCount
        case "scorerCount": return facts.scorerCount
        case "baseline": return facts.baseline
        case "tieBreakRule": return tieBreakRule
        case "runFileTieRule": return runFileTieRule
        case "metricNotes": return metricNotes
        case "fusion": return facts.fusion
        case "fusionText": return facts.fusionText
        case "toolVersion": return facts.toolVersion
        case "summary": return summary
        case "hasSummary": return facts.hasSummary
        case "comparison": return comparison
        case "hasComparison": return !comparison.isEmpty
        case "bootstrapResamples": return facts.bootstrapResamples
        case "randomisations": return facts.randomisations
        case "exactUpTo": return facts.exactUpTo
        case "seed": return facts.seed
        case "histograms": return histograms
        case "sections": return sections
        case "paged": return paged
        case "pageSize": return facts.pageSize
        case "sectionLinks": return sectionLinks
        case "downloads": return downloads
        case "scorers": return scorers
        case "notRun": return notRun
        case "hasNotRun": return !notRun.isEmpty
        case "modelCards": return modelCards
        case "checks": return checks
        case "legend": return legend
        default: return nil
        }
    }
}

/// `{{name}}: {{text}}`: a metric's explanation in the Method notes.
final class NamedText: MustacheParent {
    let name, text: String
    init(name: String, text: String) { self.name = name; self.text = text }
    func child(named key: String) -> Any? {
        switch key {
        case "name": return name
        case "text": return text
        default: return nil
        }
    }
}

/// The summary table: metrics as rows, scorers as columns.
final class SummaryTable: MustacheParent {
    final class Column: MustacheParent {
        let scorer, kind, kindLine: String
        let isBaseline: Bool
        init(scorer: String, kind: String, isBaseline: Bool) {
            self.scorer = scorer; self.kind = kind; self.isBaseline = isBaseline
            kindLine = [kind, isBaseline ? "baseline" : ""].filter { !$0.isEmpty }.joined(separator: " · ")
        }
        func child(named name: String) -> Any? {
            switch name {
            case "scorer": return scorer
            case "kind": return kind
            case "isBaseline": return isBaseline
            case "kindLine": return kindLine
            default: return nil
            }
        }
    }

    final class Row: MustacheParent {
        let name, help: String
        let cells: [Cell]
        init(name: String, help: String, cells: [Cell]) { self.name = name; self.help = help; self.cells = cells }
        func child(named key: String) -> Any? {
            switch key {
            case "name": return name
            case "help": return help
            case "cells": return cells
            default: return nil
            }
        }
    }

    /// A cell: its text, whether it is the row's best, its change against the baseline, or (the
    /// wins/ties/losses row) three counts.
    final class Cell: MustacheParent {
        let text: String
        let best: Bool
        let delta: (text: String, className: String)?
        let wtl: (wins: Int, ties: Int, losses: Int)?
        init(_ text: String, best: Bool = false, delta: (text: String, className: String)? = nil,
             wtl: (wins: Int, ties: Int, losses: Int)? = nil) {
            self.text = text; self.best = best; self.delta = delta; self.wtl = wtl
        }
        func child(named name: String) -> Any? {
            switch name {
            case "text": return text
            case "best": return best
            case "hasDelta": return delta != nil
            case "delta": return delta?.text ?? ""
            case "deltaCls": return delta?.className ?? ""
            case "wtl": return wtl != nil
            case "wins": return wtl?.wins ?? 0
            case "ties": return wtl?.ties ?? 0
            case "losses": return wtl?.losses ?? 0
            case "winsCls": return (wtl?.wins ?? 0) > 0 ? "up" : ""
            case "lossesCls": return (wtl?.losses ?? 0) > 0 ? "down" : ""
            default: return nil
            }
        }
    }

    let columns: [Column]
    let rows: [Row]
    init(columns: [Column], rows: [Row]) { self.columns = columns; self.rows = rows }
    func child(named name: String) -> Any? {
        switch name {
        case "columns": return columns
        case "rows": return rows
        default: return nil
        }
    }
}

/// One scorer's histogram of scores.
final class HistogramFigure: MustacheParent {
    let scorer, kind, svgHtml: String
    let count: Int
    init(scorer: String, kind: String, count: Int, svgHtml: String) {
        self.scorer = scorer; self.kind = kind; self.count = count; self.svgHtml = svgHtml
    }
    func child(named name: String) -> Any? {
        switch name {
        case "scorer": return scorer
        case "kind": return kind
        case "hasKind": return !kind.isEmpty
        case "count": return count
        case "svgHtml": return svgHtml
        default: return nil
        }
    }
}

/// A section of cases listed on the index itself.
final class CaseGroup: MustacheParent {
    let name, anchor: String
    let cases: [CaseEntry]
    init(name: String, anchor: String, cases: [CaseEntry]) { self.name = name; self.anchor = anchor; self.cases = cases }
    func child(named key: String) -> Any? {
        switch key {
        case "name": return name
        case "hasName": return !name.isEmpty
        case "anchor": return anchor
        case "cases": return cases
        case "count": return cases.count
        default: return nil
        }
    }
}

/// A case in the index's list: its link, query, facts and one verdict per scorer.
final class CaseEntry: MustacheParent {
    /// A scorer's verdict on a case against the baseline.
    final class VerdictLine: MustacheParent {
        let scorer, text, cls: String
        init(scorer: String, text: String, cls: String) { self.scorer = scorer; self.text = text; self.cls = cls }
        func child(named name: String) -> Any? {
            switch name {
            case "scorer": return scorer
            case "text": return text
            case "cls": return cls
            default: return nil
            }
        }
    }

    let title, href, query, bestLabel: String
    let tags: [TagItem]
    let draft, labelled, hasRewrites: Bool
    let candidateCount, instructionCount: Int
    let verdicts: [VerdictLine]

    init(title: String, href: String, query: String, tags: [String], draft: Bool, labelled: Bool, candidateCount: Int,
         bestLabel: String, verdicts: [VerdictLine], hasRewrites: Bool, instructionCount: Int) {
        self.title = title; self.href = href; self.query = query; self.tags = tags.map(TagItem.init); self.draft = draft
        self.labelled = labelled; self.candidateCount = candidateCount; self.bestLabel = bestLabel
        self.verdicts = verdicts; self.hasRewrites = hasRewrites; self.instructionCount = instructionCount
    }

    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "href": return href
        case "query": return query
        case "tags": return tags
        case "hasTags": return !tags.isEmpty
        case "draft": return draft
        case "labelled": return labelled
        case "candidateCount": return candidateCount
        case "bestLabel": return bestLabel
        case "verdicts": return verdicts
        case "hasRewrites": return hasRewrites
        case "instructionCount": return instructionCount
        default: return nil
        }
    }
}

/// A link with a title (a section's other orderings on the index).
final class TitledLink: MustacheParent {
    let title, href: String
    init(title: String, href: String) { self.title = title; self.href = href }
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "href": return href
        default: return nil
        }
    }
}

/// A section in the index's list of sections (large sites): its first listing page and the
/// listings sorted by each scorer.
final class SectionLink: MustacheParent {
    let name, href: String
    let count, labelledCount: Int
    let orderings: [TitledLink]
    init(name: String, count: Int, labelledCount: Int, href: String, orderings: [TitledLink]) {
        self.name = name; self.count = count; self.labelledCount = labelledCount; self.href = href; self.orderings = orderings
    }
    func child(named key: String) -> Any? {
        switch key {
        case "name": return name
        case "count": return count
        case "labelledCount": return labelledCount
        case "href": return href
        case "orderings": return orderings
        default: return nil
        }
    }
}

/// A file offered for download, or the history page.
final class DownloadLink: MustacheParent {
    let href, name, text: String
    init(href: String, name: String, text: String) { self.href = href; self.name = name; self.text = text }
    func child(named key: String) -> Any? {
        switch key {
        case "href": return href
        case "name": return name
        case "text": return text
        default: return nil
        }
    }
}

/// A scorer in the reproduction table.
final class ScorerFacts: MustacheParent {
    let id, kind, fingerprint: String
    let isBaseline: Bool
    init(id: String, kind: String, fingerprint: String, isBaseline: Bool) {
        self.id = id; self.kind = kind; self.fingerprint = fingerprint; self.isBaseline = isBaseline
    }
    func child(named name: String) -> Any? {
        switch name {
        case "id": return id
        case "kind": return kind
        case "fingerprint": return fingerprint
        case "isBaseline": return isBaseline
        default: return nil
        }
    }
}

/// A configured scorer whose model is missing: why, and what gets it (`code` spans as <code>).
final class NotRunItem: MustacheParent {
    let scorer, kind, model, reason, remedyHtml: String
    init(scorer: String, kind: String, model: String, reason: String, remedyHtml: String) {
        self.scorer = scorer; self.kind = kind; self.model = model; self.reason = reason; self.remedyHtml = remedyHtml
    }
    func child(named name: String) -> Any? {
        switch name {
        case "scorer": return scorer
        case "kind": return kind
        case "model": return model
        case "reason": return reason
        case "remedyHtml": return remedyHtml
        default: return nil
        }
    }
}
