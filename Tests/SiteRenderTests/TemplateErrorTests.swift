import Foundation
import XCTest
import RerankCore
@testable import SiteRender

/// A broken theme fails with the template file, the line and the cause in words; a template that asks
/// for a value its page does not have fails with the template and the name, instead of rendering "".
final class TemplateErrorTests: XCTestCase {
    private var root: URL!
    private var templates: URL { root.appendingPathComponent("templates") }

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    private func write(_ name: String, _ text: String) throws {
        try text.write(to: templates.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    private func assertNoLibraryInternals(_ message: String, file: StaticString = #filePath, line: UInt = #line) {
        for word in ["ParserError", "MustacheParserContext", "lineNumber", "sectionCloseNameIncorrect",
                         "expectedSectionEnd", "unfinishedName", "Error("] {
            XCTAssertFalse(message.contains(word), "\(message) shows \(word)", file: file, line: line)
        }
    }

    func testUnclosedSectionNamesFileLineAndCause() throws {
        try write("case.mustache", "<h1>{{title}}</h1>\n<p>\n{{#open}} never closed\n")
        XCTAssertThrowsError(try Theme.load(overridesIn: templates)) { error in
            guard case let SiteRenderError.templateSyntax(file, line, _, cause) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "templates/case.mustache")
            XCTAssertEqual(line, 3, "the line where the section opens")
            XCTAssertTrue(cause.contains("{{#open}}") && cause.contains("never closed"), cause)
            let message = "\(error)"
            XCTAssertEqual(message, "templates/case.mustache:3:1: the section {{#open}} opened here is never closed with {{/open}}")
            self.assertNoLibraryInternals(message)
        }
    }

    func testMismatchedCloseNamesItsLine() throws {
        try write("index.mustache", "<h1>{{title}}</h1>\n{{#hasSummary}}\n<p>x</p>\n{{/hasSumary}}\n")
        XCTAssertThrowsError(try Theme.load(overridesIn: templates)) { error in
            guard case let SiteRenderError.templateSyntax(file, line, _, cause) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "templates/index.mustache")
            XCTAssertEqual(line, 4)
            XCTAssertTrue(cause.contains("does not match"), cause)
            XCTAssertTrue("\(error)".hasPrefix("templates/index.mustache:4:"), "\(error)")
            self.assertNoLibraryInternals("\(error)")
        }
    }

    func testUnfinishedTagIsAnError() throws {
        try write("layout.mustache", "<html>\n<title>{{pageTitle</title>\n")
        XCTAssertThrowsError(try Theme.load(overridesIn: templates)) { error in
            guard case let SiteRenderError.templateSyntax(file, _, _, cause) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "templates/layout.mustache")
            XCTAssertFalse(cause.isEmpty)
            self.assertNoLibraryInternals("\(error)")
        }
    }

    func testEveryBrokenTemplateInOneReport() throws {
        try write("case.mustache", "<h1>{{title}}</h1>\n{{#open}} never closed\n")
        try write("layout.mustache", "<html>\n<title>{{pageTitle</title>\n")
        XCTAssertThrowsError(try Theme.load(overridesIn: templates)) { error in
            guard case let SiteRenderError.several(problems) = error else { return XCTFail("\(error)") }
            let files = problems.compactMap { problem -> String? in
                if case let .templateSyntax(file, _, _, _) = problem { return file }
                return nil
            }
            XCTAssertEqual(files, ["templates/case.mustache", "templates/layout.mustache"])
            XCTAssertTrue("\(error)".contains("templates/case.mustache:2:1: the section {{#open}}"), "\(error)")
            self.assertNoLibraryInternals("\(error)")
        }
    }

    func testUnknownNameInPageTemplateFailsNamingTemplateAndName() throws {
        try write("index.mustache", "<h1>{{title}}</h1>\n<p>{{nope}}</p>\n")
        let theme = try Theme.load(overridesIn: templates)
        XCTAssertThrowsError(try renderSite(SampleResults.make(), theme: theme)) { error in
            guard case let SiteRenderError.missingValues(values) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(values, [MissingValue(name: "nope", template: "index", locations: ["templates/index.mustache:2"])])
            XCTAssertEqual("\(error)", "templates/index.mustache:2: the template asks for 'nope', which the index page does not have")
        }
    }

    func testEveryUnknownNameIsReportedOnceWithItsPartial() throws {
        // A partial used by both pages, and a name misspelt inside a section over rows.
        try write("tags.mustache", "{{#tags}}<span>{{tga}}</span>{{/tags}}{{missingInPartial}}")
        try write("layout.mustache", "<title>{{pageTitle}}{{subtitle}}</title>{{{bodyHtml}}}")
        let theme = try Theme.load(overridesIn: templates)
        XCTAssertThrowsError(try renderSite(SampleResults.make(), theme: theme)) { error in
            guard case let SiteRenderError.missingValues(values) = error else { return XCTFail("\(error)") }
            let seen = values.map { "\($0.template) \($0.name) \($0.locations.joined(separator: ","))" }
            XCTAssertTrue(seen.contains("index missingInPartial templates/tags.mustache:1"), "\(seen)")
            XCTAssertTrue(seen.contains("case missingInPartial templates/tags.mustache:1"), "\(seen)")
            XCTAssertTrue(seen.contains("case tga templates/tags.mustache:1"), "\(seen)")
            XCTAssertTrue(seen.contains("layout subtitle templates/layout.mustache:1"), "\(seen)")
            XCTAssertEqual(Set(seen).count, seen.count, "each (template, name) once: \(seen)")
        }
    }

    /// A name set only on some rows is fine where the template only asks for it on those rows.
    func testConditionalNamesAreNotMissing() throws {
        XCTAssertNoThrow(try renderSite(SampleResults.make(), theme: .builtIn))
    }

    func testTagLocationsFindsEveryTagKind() {
        let templates = ["a": "x\n{{#n}}{{/n}}\n{{{n}}}\n{{& n }}\n{{n.more}}\n{{^n}}{{/n}}\n{{nn}}\n", "b": "{{> a}}"]
        XCTAssertEqual(tagLocations(of: "n", in: templates).map(\.line), [2, 3, 4, 5, 6])
        XCTAssertEqual(templatesReachable(from: "b", in: templates), ["a", "b"])
    }
}
