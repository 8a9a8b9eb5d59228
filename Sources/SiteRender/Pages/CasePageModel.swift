import Mustache

// The case page's view model as typed values. Each type answers the names its templates ask for
// by a switch: a misspelt name does not compile here, and a name a template asks for that no value
// has climbs to the page's CheckedModel root, which fails the build naming the template and line.
// Known names never answer nil (an absent value is "" or false), so only unknown names climb.

/// `{{n}}. {{text}}`: a rewrite or an instruction.
final class NumberedText: MustacheParent {
    let n: Int
    let text: String
    init(n: Int, text: String) { self.n = n; self.text = text }
    func child(named name: String) -> Any? {
        switch name {
        case "n": return n
        case "text": return text
        default: return nil
        }
    }
}

/// A tag (`tags.mustache`), a legend entry (`legend.mustache`), or a prose section of the case file.
final class TagItem: MustacheParent {
    let tag: String
    init(_ tag: String) { self.tag = tag }
    func child(named name: String) -> Any? { name == "tag" ? tag : nil }
}

final class LegendItem: MustacheParent {
    let cls, text: String
    init(cls: String, text: String) { self.cls = cls; self.text = text }
    func child(named name: String) -> Any? {
        switch name {
        case "cls": return cls
        case "text": return text
        default: return nil
        }
    }
}

final class ProseSection: MustacheParent {
    let heading, bodyHtml: String
    init(heading: String, bodyHtml: String) { self.heading = heading; self.bodyHtml = bodyHtml }
    func child(named name: String) -> Any? {
        switch name {
        case "heading": return heading
        case "bodyHtml": return bodyHtml
        default: return nil
        }
    }
}

/// One item of a panel's metrics strip, with its change against the baseline and what it means.
final class MetricItem: MustacheParent {
    let name, value, help: String
    let delta: (text: String, className: String)?
    init(name: String, value: String, help: String, delta: (text: String, className: String)?) {
        self.name = name; self.value = value; self.help = help; self.delta = delta
    }
    func child(named key: String) -> Any? {
        switch key {
        case "name": return name
        case "value": return value
        case "help": return help
        case "hasDelta": return delta != nil
        case "delta": return delta?.text ?? ""
        case "deltaCls": return delta?.className ?? ""
        default: return nil
        }
    }
}

/// A score strip chart with its caption and the axis it uses, in words.
final class StripFigure: MustacheParent {
    let title, svgHtml, axisText: String
    init(title: String, svgHtml: String, axisText: String) { self.title = title; self.svgHtml = svgHtml; self.axisText = axisText }
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "svgHtml": return svgHtml
        case "axisText": return axisText
        default: return nil
        }
    }
}

/// One ranking as a table (`ranking-panel.mustache`).
final class RankingPanel: MustacheParent {
    let title, anchor, baseline: String
    let rows: [RankingRow]
    let metrics: [MetricItem]
    let showMove, showNote, showTokens, showLogit, compact: Bool
    /// Set when the scores are shown as distances to 0 or 1 (see ScoreReadout).
    let readoutNote: String

    init(title: String, anchor: String, baseline: String, rows: [RankingRow], metrics: [MetricItem], showMove: Bool,
         showNote: Bool, showTokens: Bool, showLogit: Bool, compact: Bool, readoutNote: String) {
        self.title = title; self.anchor = anchor; self.baseline = baseline; self.rows = rows; self.metrics = metrics
        self.showMove = showMove; self.showNote = showNote; self.showTokens = showTokens; self.showLogit = showLogit
        self.compact = compact; self.readoutNote = readoutNote
    }

    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "anchor": return anchor
        case "baseline": return baseline
        case "rows": return rows
        case "metrics": return metrics
        case "showMove": return showMove
        case "showNote": return showNote
        case "showTokens": return showTokens
        case "showLogit": return showLogit
        case "showFacts": return showTokens || showLogit
        case "compact": return compact
        case "hasReadoutNote": return !readoutNote.isEmpty
        case "readoutNote": return readoutNote
        default: return nil
        }
    }
}

/// One scorer's results for one instruction: its charts and a panel per variant.
final class ScorerBlock: MustacheParent {
    let scorer, kind, anchor: String
    let isBaseline: Bool
    let panels: [RankingPanel]
    let strips: [StripFigure]
    let slopeSvgHtml: String

    init(scorer: String, kind: String, anchor: String, isBaseline: Bool, panels: [RankingPanel], strips: [StripFigure],
         slopeSvgHtml: String) {
        self.scorer = scorer; self.kind = kind; self.anchor = anchor; self.isBaseline = isBaseline
        self.panels = panels; self.strips = strips; self.slopeSvgHtml = slopeSvgHtml
    }

    func child(named name: String) -> Any? {
        switch name {
        case "scorer": return scorer
        case "kind": return kind
        case "hasKind": return !kind.isEmpty
        case "anchor": return anchor
        case "isBaseline": return isBaseline
        // The baseline's own table repeats the matrix's first column, so it starts closed.
        case "open": return !isBaseline
        case "panels": return panels
        case "twoPanels": return panels.count > 1
        case "stripSvgs": return strips
        case "hasCharts": return !strips.isEmpty || !slopeSvgHtml.isEmpty
        case "hasSlope": return !slopeSvgHtml.isEmpty
        case "slopeSvgHtml": return slopeSvgHtml
        default: return nil
        }
    }
}

/// A scorer named in a list (`unchanged`).
final class ScorerName: MustacheParent {
    let scorer: String
    init(_ scorer: String) { self.scorer = scorer }
    func child(named name: String) -> Any? { name == "scorer" ? scorer : nil }
}

/// One instruction's results: a block per scorer, and the scorers whose scores it did not change.
final class InstructionBlock: MustacheParent {
    let n: Int
    let text: String
    let showHeading: Bool
    let scorers: [ScorerBlock]
    let unchanged: [ScorerName]

    init(n: Int, text: String, showHeading: Bool, scorers: [ScorerBlock], unchanged: [ScorerName]) {
        self.n = n; self.text = text; self.showHeading = showHeading; self.scorers = scorers; self.unchanged = unchanged
    }

    func child(named name: String) -> Any? {
        switch name {
        case "n": return n
        case "text": return text
        case "showHeading": return showHeading
        case "scorers": return scorers
        case "unchanged": return unchanged
        case "hasUnchanged": return !unchanged.isEmpty
        default: return nil
        }
    }
}
