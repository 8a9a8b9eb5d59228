import Foundation
import XCTest
import RerankCore
@testable import SiteRender

/// The index, section listing, history and layout templates read typed models: every name the
/// default theme asks for is answered, and a name a model lacks (a misspelling in a theme) fails the
/// build naming it, as the case page does.
final class TypedPageModelTests: XCTestCase {
    private func manyCases(_ count: Int) -> SiteResults {
        var results = SampleResults.make()
        let samples = results.cases
        results.cases = (0..<count).map { k in
            var c = samples[k % samples.count]
            c.file.section = ["alpha"]
            c.file.slug = "alpha/case-\(k)"
            c.file.path = c.file.slug + ".md"
            c.file.title = "Case \(k)"
            return c
        }
        return results
    }

    private func twoRuns(_ results: SiteResults) -> [HistoryRun] {
        let scorers = results.scorers
        func run(_ time: String, _ value: Double, top: String) -> HistoryRun {
            HistoryRun(time: time, toolVersion: "0.1.0", gitCommit: "0123456789abcdef", gitDirty: time.hasSuffix("2Z"),
                       configHash: "abcdef0123456789", fingerprints: [:], scorers: scorers,
                       means: Dictionary(uniqueKeysWithValues: scorers.map { ($0, ["ndcg@10": value]) }),
                       cases: [results.cases[0].file.path: [scorers[1]: CaseRunFacts(top: top, hit1: true, metrics: [:])]])
        }
        return [run("2026-12-01T00:00:01Z", 0.5, top: "c0"), run("2026-12-01T00:00:02Z", 0.625, top: "c1")]
    }

    /// The names reported missing on `page` (default: the template itself) when `template` reads `text`.
    private func missingNames(_ results: SiteResults, template: String, text: String, page: String? = nil) -> Set<String> {
        var theme = Theme.builtIn
        theme.templates[template] = text
        do {
            _ = try renderSite(results, theme: theme)
            return []
        } catch SiteRenderError.missingValues(let values) {
            return Set(values.filter { $0.template == (page ?? template) }.map(\.name))
        } catch {
            XCTFail("\(error)")
            return []
        }
    }

    func testTheDefaultThemeFindsEveryNameItAsksFor() throws {
        var results = manyCases(230)
        results.history = twoRuns(results)
        let files = try renderSite(results, theme: .builtIn)
        XCTAssertNotNil(files["sections/alpha/input-order-1.html"])
        let history = text(files, "history.html")
        XCTAssertTrue(history.contains("0.5000 → 0.6250 (+0.1250)"), "the delta since the previous run")
        XCTAssertTrue(history.contains("<code>0123456789ab (with uncommitted changes)</code>"))
        var small = SampleResults.make()
        small.history = twoRuns(small)
        XCTAssertTrue(text(try renderSite(small, theme: .builtIn), "index.html").contains("class=\"case-item\""))
    }

    func testIndexTemplateAskingForANameItsModelLacksIsAnError() {
        let names = missingNames(SampleResults.make(), template: "index", text: """
            {{#summary.rows}}{{name}}{{#cells}}{{text}}{{txet}}{{/cells}}{{/summary.rows}}
            {{#sections}}{{#cases}}{{title}}{{#verdicts}}{{scorer}}{{verdikt}}{{/verdicts}}{{/cases}}{{/sections}}
            {{#histograms}}{{count}}{{/histograms}}{{#downloads}}{{href}}{{/downloads}}{{caseCuont}}
            """)
        XCTAssertEqual(names, ["txet", "verdikt", "caseCuont"])
    }

    func testSectionAndHistoryTemplatesAskingForANameTheirModelLacksIsAnError() {
        XCTAssertEqual(missingNames(manyCases(230), template: "section", text: """
            {{name}}{{#rows}}{{n}}{{#cells}}{{text}}{{/cells}}{{rank}}{{/rows}}{{#pageLinks}}{{n}}{{titel}}{{/pageLinks}}
            """), ["rank", "titel"])
        var results = SampleResults.make()
        results.history = twoRuns(results)
        XCTAssertEqual(missingNames(results, template: "history", text: """
            {{title}}{{#runs}}{{number}}{{commitHash}}{{/runs}}{{#deltas}}{{#cells}}{{text}}{{/cells}}{{/deltas}}{{runcount}}
            """), ["commitHash", "runcount"])
        XCTAssertEqual(missingNames(results, template: "layout", text: "{{pageTitle}}{{{bodyHtml}}}{{siteTitel}}"), ["siteTitel"])
    }

    func testChecksAndModelCardsAskingForANameTheirModelLacksIsAnError() {
        let results = ModelViewsRenderTests.results()
        XCTAssertEqual(missingNames(results, template: "checks", text: """
            {{#checks.warnings}}{{scorer}}{{#cases}}{{title}}{{titel}}{{/cases}}{{/checks.warnings}}
            {{#checks.parity}}{{verdict}}{{#rows}}{{flips}}{{flip}}{{/rows}}{{#groups}}{{meanTau}}{{/groups}}{{/checks.parity}}
            {{#checks.thresholdRows}}{{f1}}{{f2}}{{/checks.thresholdRows}}{{#checks.thresholdCharts}}{{svgHtml}}{{/checks.thresholdCharts}}
            """, page: "index"), ["titel", "flip", "f2"])
        XCTAssertEqual(missingNames(results, template: "model-cards", text: """
            {{#modelCards}}{{id}}{{anchor}}{{#facts}}{{term}}{{valeu}}{{/facts}}{{isBaselin}}{{/modelCards}}
            """, page: "index"), ["valeu", "isBaselin"])
        XCTAssertEqual(missingNames(results, template: "case-checks", text: """
            {{#caseChecks.checks}}{{scorer}}{{txt}}{{/caseChecks.checks}}{{caseChecks.checksHref}}
            """, page: "case"), ["txt"])
    }
}
