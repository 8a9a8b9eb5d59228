import Mustache
import XCTest
@testable import SiteRender

/// The theme's templates render through `TemplateHTML` (a pragma line put before each): `{{ }}`
/// escapes with `escapeHTML`, scalar by scalar. That is swift-mustache's own default, character for
/// character, except where swift-mustache leaves one of the five raw because a combining mark joins
/// it into a larger Character (a `"` so joined would end an attribute), and for C0 controls.
final class TemplateEscapeTests: XCTestCase {
    /// Hard cases for an escaper: each of the five, non-ASCII, emoji, empty, long.
    private let values = [
        "", "plain", "a<b", "x > y & z", "\"quoted\" 'single'", "e\u{301}<", "&amp; already",
        "\t\r\n", "日本語 <ok>", "👩‍👩‍👧 & 🇫🇷", "<<>>&&''\"\"", String(repeating: "long &", count: 500),
    ]
    /// Where swift-mustache's Character walk leaves a special character raw.
    private let joined = ["<\u{338} joined", "a\"\u{301} onmouseover=alert(1) b", "'\u{301}", "&\u{301}amp;", "\u{1}x"]

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
    }

    func testASpecialCharacterJoinedByACombiningMarkIsStillEscaped() throws {
        for value in joined {
            let theme = try both("{{v}}", values: ["v": value]).theme
            XCTAssertEqual(theme, escapeHTML(value), "value \(value.debugDescription)")
        }
        XCTAssertEqual(try both("{{v}}", values: ["v": "<\u{338}&"]).theme, "&lt;\u{338}&amp;")
        // Case text in an attribute of an override template cannot end the attribute.
        let page = try both("<h1 title=\"{{v}}\">", values: ["v": "a\"\u{301} onmouseover=alert(1) b"]).theme ?? ""
        XCTAssertEqual(page, "<h1 title=\"a&quot;\u{301} onmouseover=alert(1) b\">")
        XCTAssertEqual(page.filter { $0 == "\"" }.count, 2, page)
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
