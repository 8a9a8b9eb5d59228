import Mustache
import RerankCore

/// The case page's matrix of ranks: one row per candidate in first-stage order, one column per
/// (scorer, instruction, variant): the original query, each rewrite alone, and the fused ranking.
/// Each cell holds the rank, the move against the baseline's ranking, and for the second and later
/// instructions the move against the same scorer and variant with the case's first instruction.
final class RankMatrix: MustacheParent {
    final class Column: MustacheParent {
        let scorer, instructionText, variantText: String
        /// The ranking's panel on the page, for the column heading's link.
        let panelAnchor: String
        let ranking: Ranking
        /// The same scorer and variant under the case's first instruction, for instructions 2 and later.
        let firstInstruction: Ranking?

        init(scorer: String, instructionText: String, variantText: String, panelAnchor: String, ranking: Ranking,
             firstInstruction: Ranking?) {
            self.scorer = scorer; self.instructionText = instructionText; self.variantText = variantText
            self.panelAnchor = panelAnchor; self.ranking = ranking; self.firstInstruction = firstInstruction
        }

        func child(named name: String) -> Any? {
            switch name {
            case "scorer": return scorer
            case "instructionText": return instructionText
            case "hasInstructionText": return !instructionText.isEmpty
            case "variantText": return variantText
            case "panelAnchor": return panelAnchor
            default: return nil
            }
        }
    }

    final class Cell: MustacheParent {
        let rank: Int
        let move: (text: String, className: String)
        let versusFirst: (text: String, className: String)?
        init(rank: Int, move: (text: String, className: String), versusFirst: (text: String, className: String)?) {
            self.rank = rank; self.move = move; self.versusFirst = versusFirst
        }
        func child(named name: String) -> Any? {
            switch name {
            case "rank": return rank
            case "top": return rank == 1
            case "moveText": return move.text
            case "moveCls": return move.className
            case "hasVersusFirst": return versusFirst != nil
            case "versusFirstText": return versusFirst?.text ?? ""
            case "versusFirstCls": return versusFirst?.className ?? ""
            default: return nil
            }
        }
    }

    final class Row: MustacheParent {
        let badge: LabelBadge
        let cid, snippet: String
        let labelled: Bool
        let baseRank: Int
        let cells: [Cell]
        init(badge: LabelBadge, cid: String, snippet: String, labelled: Bool, baseRank: Int, cells: [Cell]) {
            self.badge = badge; self.cid = cid; self.snippet = snippet; self.labelled = labelled
            self.baseRank = baseRank; self.cells = cells
        }
        func child(named name: String) -> Any? {
            switch name {
            case "cid": return cid
            case "snippet": return snippet
            case "labelled": return labelled
            case "baseRank": return baseRank
            case "labelCls": return badge.className
            case "labelText": return badge.text
            case "hasLabel": return badge.hasLabel
            case "cells": return cells
            default: return nil
            }
        }
    }

    let columns: [Column]
    let rows: [Row]
    let baseline: String
    /// Whether some column is for an instruction after the first (its cells carry a second move).
    let comparesInstructions: Bool

    init(columns: [Column], rows: [Row], baseline: String) {
        self.columns = columns; self.rows = rows; self.baseline = baseline
        comparesInstructions = columns.contains { $0.firstInstruction != nil }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "columns": return columns
        case "rows": return rows
        case "hasColumns": return !columns.isEmpty
        case "anchor": return "matrix"
        case "baseline": return baseline
        case "comparesInstructions": return comparesInstructions
        // Beyond six columns the table is wider than a laptop screen: say so at every width.
        case "isWide": return columns.count > 6
        case "columnCount": return columns.count
        default: return nil
        }
    }

    /// The columns for a case: every non-baseline scorer, for each instruction whose scores differ
    /// from the first instruction's (a scorer that ignores the instruction repeats itself), each
    /// variant in order; and a row per candidate. `panelAnchor` names a ranking's panel.
    static func make(site: SiteContext, result: CaseResult, instructions: [String], snippets: [String],
                     panelAnchor: (Ranking, Int) -> String) -> RankMatrix {
        let file = result.file
        let rankings = site.sortedRankings(result)
        var columns: [Column] = []
        for scorer in site.scorers where scorer != site.baseline {
            // A scorer that ranked under one instruction only (BM25 does not read it) names none.
            let readsInstructions = Set(rankings.filter { $0.scorer == scorer }.map(\.instruction)).count > 1
            for (n, instruction) in instructions.enumerated() {
                let own = rankings.filter { $0.scorer == scorer && $0.instruction == instruction }
                let first = n == 0 ? [] : rankings.filter { $0.scorer == scorer && $0.instruction == instructions[0] }
                // One that should read it keeps its columns; the scorer checks warn about it.
                if n > 0, !own.isEmpty, site.card(scorer)?.readsInstruction != true, own.allSatisfy({ r in first.contains { $0.variant == r.variant && $0.scores == r.scores } }) {
                    continue
                }
                for r in own {
                    columns.append(Column(
                        scorer: scorer, instructionText: readsInstructions ? "instruction \(n + 1)" : "",
                        variantText: r.variant.shortTitle, panelAnchor: panelAnchor(r, n + 1), ranking: r,
                        firstInstruction: first.first { $0.variant == r.variant }))
                }
            }
        }
        let base = instructions.first.flatMap { site.ranking(result, scorer: site.baseline, instruction: $0)?.rankOf }
            ?? file.candidates.indices.map { $0 + 1 }
        let ranks = columns.map { ($0.ranking.rankOf, $0.firstInstruction?.rankOf) }
        let rows = file.candidates.map { c in
            Row(badge: LabelBadge(c.label, scale: site.scale), cid: "c\(c.index)", snippet: snippets[c.index],
                labelled: file.hasLabels, baseRank: base[c.index],
                cells: ranks.map { rankOf, firstRankOf in
                    Cell(rank: rankOf[c.index], move: movement(before: base[c.index], after: rankOf[c.index]),
                         versusFirst: firstRankOf.map { movement(before: $0[c.index], after: rankOf[c.index]) })
                })
        }
        return RankMatrix(columns: columns, rows: rows, baseline: site.baseline)
    }
}

extension RankingVariant {
    /// A column heading: "query", "rewrite 2", "fused (max)".
    var shortTitle: String {
        switch self {
        case .query: return "query"
        case .rewrite(let n): return "rewrite \(n)"
        case .fused(let m): return "fused (\(m.rawValue))"
        }
    }
}
