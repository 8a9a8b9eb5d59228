import Mustache

// The rows of a case page's tables, the values Mustache looks up most (a 20-candidate page asks a
// row about 18 names, for every row of every table). Typed rows answer by a switch over the name
// where dictionaries hashed it, and a misspelt key no longer compiles. A name a row does not have
// answers nil, so Mustache looks further out, as it did with the dictionaries: the page renders the same.

/// A candidate's label badge: its text (`rel 2`, `—`), colour class, and whether it has a label.
struct LabelBadge {
    let text: String
    let className: String
    let hasLabel: Bool

    init(_ label: Int?, scale: LabelScale) {
        text = label.map { "rel \($0)" } ?? "—"
        className = scale.className(label)
        hasLabel = label != nil
    }
}

/// One row of a ranking table (`rows` in ranking-panel.mustache). The table's flags are on the row
/// too, so a row's lookups end at the row instead of climbing every open section.
final class RankingRow: MustacheParent {
    let badge: LabelBadge
    let showMove, showFacts, showLogit, showTokens, labelled: Bool
    let rank: Int
    let cid: String
    /// Against the baseline's ranking; nil in the baseline's own table.
    let move: (text: String, className: String)?
    let textHtml, scoreText, barPct: String
    /// Only where the candidate has a note and the table is the full one.
    let noteHtml: String?
    let tokensText, logitText: String
    let truncated: Bool

    init(badge: LabelBadge, showMove: Bool, showFacts: Bool, showLogit: Bool, showTokens: Bool, labelled: Bool,
         rank: Int, cid: String, move: (text: String, className: String)?, textHtml: String, scoreText: String,
         barPct: String, noteHtml: String?, tokensText: String, logitText: String, truncated: Bool) {
        self.badge = badge
        self.showMove = showMove; self.showFacts = showFacts; self.showLogit = showLogit; self.showTokens = showTokens
        self.labelled = labelled
        self.rank = rank; self.cid = cid; self.move = move
        self.textHtml = textHtml; self.scoreText = scoreText; self.barPct = barPct; self.noteHtml = noteHtml
        self.tokensText = tokensText; self.logitText = logitText; self.truncated = truncated
    }

    func child(named name: String) -> Any? {
        switch name {
        case "rank": return rank
        case "showMove": return showMove
        case "moveCls": return move?.className
        case "moveText": return move?.text
        case "cid": return cid
        case "textHtml": return textHtml
        case "hasNote": return noteHtml != nil
        case "noteHtml": return noteHtml
        case "scoreText": return scoreText
        case "barPct": return barPct
        case "showFacts": return showFacts
        case "showLogit": return showLogit
        case "logitText": return logitText
        case "showTokens": return showTokens
        case "tokensText": return tokensText
        case "truncated": return truncated
        case "labelled": return labelled
        case "labelCls": return badge.className
        case "labelText": return badge.text
        case "hasLabel": return badge.hasLabel
        default: return nil
        }
    }
}
