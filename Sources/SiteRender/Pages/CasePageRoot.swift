import Foundation
import Mustache
import RerankCore

/// The slope chart under a case's matrix, between two named columns.
final class PageSlope: MustacheParent {
    let from, to, svgHtml: String
    /// Why the chart is not the one the front matter asked for; empty when it is.
    let note: String
    init(from: String, to: String, svgHtml: String, note: String) {
        self.from = from; self.to = to; self.svgHtml = svgHtml; self.note = note
    }
    func child(named name: String) -> Any? {
        switch name {
        case "from": return from
        case "to": return to
        case "svgHtml": return svgHtml
        case "hasNote": return !note.isEmpty
        case "note": return note
        default: return nil
        }
    }
}

/// The whole model of a case page (`case.mustache`), as CasePage builds it.
final class CasePageModel: MustacheParent {
    let file: CaseFile
    let indexHref, methodHref, jsonHref, csvHref, introHtml, fusion, baseline: String
    let instructions: [NumberedText]
    let legend: [LegendItem]
    let sections: [ProseSection]
    /// The scorer checks that concern this case (ChecksView's model for `case-checks.mustache`).
    let caseChecks: CaseChecksModel
    let matrix: RankMatrix
    let slope: PageSlope?
    let blocks: [InstructionBlock]

    init(file: CaseFile, indexHref: String, methodHref: String, jsonHref: String, csvHref: String, introHtml: String,
         fusion: String, instructions: [NumberedText], legend: [LegendItem], sections: [ProseSection], baseline: String,
         caseChecks: CaseChecksModel, matrix: RankMatrix, slope: PageSlope?, blocks: [InstructionBlock]) {
        self.file = file; self.indexHref = indexHref; self.methodHref = methodHref; self.jsonHref = jsonHref
        self.csvHref = csvHref; self.introHtml = introHtml; self.fusion = fusion; self.instructions = instructions
        self.legend = legend; self.sections = sections; self.baseline = baseline; self.caseChecks = caseChecks; self.matrix = matrix
        self.slope = slope; self.blocks = blocks
    }

    func child(named name: String) -> Any? {
        switch name {
        case "title": return file.title
        case "path": return file.path
        case "tags": return file.tags.map(TagItem.init)
        case "hasTags": return !file.tags.isEmpty
        case "draft": return file.draft
        case "sectionName": return file.section.joined(separator: " / ")
        case "hasSection": return !file.section.isEmpty
        case "indexHref": return indexHref
        case "methodHref": return methodHref
        case "jsonHref": return jsonHref
        case "csvHref": return csvHref
        case "introHtml": return introHtml
        case "hasIntro": return !file.intro.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case "query": return file.query
        case "rewrites": return file.rewrites.enumerated().map { NumberedText(n: $0.offset + 1, text: $0.element) }
        case "hasRewrites": return !file.rewrites.isEmpty
        case "fusion": return fusion
        case "instructions": return instructions
        case "hasInstructions": return !instructions.isEmpty
        case "multipleInstructions": return instructions.count > 1
        case "candidateCount": return file.candidates.count
        case "labelled": return file.hasLabels
        case "hasMissed": return file.missedRelevant != nil
        case "missedRelevant": return file.missedRelevant ?? 0
        case "legend": return legend
        case "tieBreakRule": return tieBreakRule
        case "sourceHash": return file.sourceHash
        case "sections": return sections
        case "baseline": return baseline
        case "caseChecks": return caseChecks
        case "matrix": return matrix
        case "hasSlope": return slope != nil
        case "slope": return slope ?? false
        case "blocks": return blocks
        default: return nil
        }
    }
}
