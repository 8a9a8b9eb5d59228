import Mustache
import XCTest
@testable import SiteRender

/// The theme's templates render through `TemplateHTML` (a pragma line put before each): the pages
/// must be what swift-mustache's own default gives, character for character.
final class TemplateEscapeTests: XCTestCase {
    /// Hard cases for an escaper: each of the five, a `<` that a combining mark joins into one
    /// Character (swift-mustache leaves it as it is), controls, non-ASCII, emoji, empty.
    private let values = [
        "", "plain", "a<b", "x > y & z", "\"quoted\" 'single'", "<\u{338} joined", "e\u{301}<", "&amp; already",
        "\u{1}\t\r\n", "日本語 <ok>", "👩‍👩‍👧 & 🇫🇷", "<<>>&&''\"\"", String(repeating: "long &", count: 500),
    ]

    /// `text` rendered by a plain swift-mustache library (its default HTML escaping) and by the theme's.
    private func both(_ text: String, values: [String: Any]) throws -> (plain: String?, theme: String?) {
        var plain = MustacheLibrary()
        try plain.register(text, named: "t")
        let theme = try Theme(templates: ["t": text], assets: [:]).makeLibrary()
        return (plain.render(values, withTemplate: "t"), theme.render(values, withTemplate: "t"))
    }

    func testEscapedValuesMatchSwiftMustachesOwnEscaping() throws {
        for value in values {
            let (plain, theme) = try both("[{{v}}] [{{{v}}}] [{{&v}}]", values: ["v": value])
            XCTAssertEqual(theme, plain, "value \(value.debugDescription)")
            XCTAssertNotNil(theme)
        }
        XCTAssertEqual(try both("{{v}}", values: ["v": "<\u{338}&"]).theme, "<\u{338}&amp;")
    }

    func testTemplatesRenderAsWrittenWithTheLineInFront() throws {
        let templates = [
            "{{#flag}}\nshown {{v}}\n{{/flag}}\nafter\n",     // a standalone tag on the first line
            "  {{v}}\n",                                       // leading spaces on the first line
            "\n\n{{v}}",                                       // empty first lines
            "{{! a comment }}\n{{v}}",                         // a standalone comment first
            "{{=<% %>=}}\n<% v %> {{v}}\n",                    // other delimiters
            "{{% CONTENT_TYPE: TEXT }}\n{{v}}\n",              // the template's own content type wins
            "{{#list}}{{.}}{{^last()}}, {{/last()}}{{/list}}", // sequences and transforms
        ]
        for text in templates {
            let (plain, theme) = try both(text, values: ["flag": true, "v": "a<b>&", "list": ["x<", "y&", "z"]])
            XCTAssertEqual(theme, plain, "template \(text.debugDescription)")
        }
    }

    func testPartialsStartInTheSameEscaping() throws {
        let templates = ["page": "<p>{{> part}}</p>\n  {{> part}}\n", "part": "{{v}}\n"]
        var plain = MustacheLibrary()
        for (name, text) in templates { try plain.register(text, named: name) }
        let theme = try Theme(templates: templates, assets: [:]).makeLibrary()
        for value in values {
            XCTAssertEqual(theme.render(["v": value], withTemplate: "page"), plain.render(["v": value], withTemplate: "page"))
        }
    }

    func testASyntaxErrorIsReportedAtTheAuthorsLine() {
        let theme = Theme(templates: ["broken": "line one\n{{#open}} never closed\n"], assets: [:])
        XCTAssertThrowsError(try theme.makeLibrary()) { error in
            guard case let SiteRenderError.templateSyntax(file, line, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "templates/broken.mustache")
            XCTAssertEqual(line, 2, "\(error)")
        }
    }
}
