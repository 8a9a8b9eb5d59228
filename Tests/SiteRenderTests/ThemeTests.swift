import Foundation
import XCTest
import RerankCore
@testable import SiteRender

final class ThemeTests: XCTestCase {
    /// DefaultTheme.generated.swift must hold exactly the files of templates/.
    func testEmbeddedThemeIsInSyncWithTemplatesFolder() throws {
        let folder = repositoryRoot().appendingPathComponent("templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertFalse(names.isEmpty, "templates/ not found at \(folder.path)")
        let embedded = Dictionary(uniqueKeysWithValues: DefaultTheme.files)
        XCTAssertEqual(Set(embedded.keys), Set(names), "run python3 scripts/embed-theme.py")
        for name in names {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(embedded[name], onDisk, "\(name) differs from the embedded copy; run python3 scripts/embed-theme.py")
        }
    }

    func testOverrideByFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "<h1>Custom {{title}}</h1>".write(to: dir.appendingPathComponent("index.mustache"), atomically: true, encoding: .utf8)
        try "body{}".write(to: dir.appendingPathComponent("extra.css"), atomically: true, encoding: .utf8)
        let theme = try Theme.load(overridesIn: dir)
        XCTAssertEqual(theme.templates["index"], "<h1>Custom {{title}}</h1>")
        XCTAssertEqual(theme.templates["case"], Theme.builtIn.templates["case"])
        XCTAssertEqual(theme.assets["style.css"], Theme.builtIn.assets["style.css"])

        let files = try renderSite(SampleResults.make(title: "Mine"), theme: theme)
        let index = text(files, "index.html")
        XCTAssertTrue(index.contains("<h1>Custom Mine</h1>"))
        XCTAssertTrue(index.contains("href=\"assets/extra.css\""))
        XCTAssertNotNil(files["assets/extra.css"])
        XCTAssertTrue(text(files, "cases/ev-battery.html").contains("class=\"chart slope\""))

        XCTAssertEqual(try Theme.load(overridesIn: nil), Theme.builtIn)
        XCTAssertEqual(try Theme.load(overridesIn: dir.appendingPathComponent("absent")), Theme.builtIn)
    }


    /// The escaping rule: only keys ending in Html or Svg are inserted unescaped.
    func testTripleMustacheOnlyForBuiltMarkup() throws {
        for (name, source) in Theme.builtIn.templates {
            var rest = Substring(source)
            while let r = rest.range(of: "{{{") {
                rest = rest[r.upperBound...]
                guard let end = rest.range(of: "}}}") else { return XCTFail("\(name): unclosed {{{") }
                let key = rest[..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                XCTAssertTrue(key.hasSuffix("Html") || key.hasSuffix("Svg"), "\(name): {{{\(key)}}} is not built markup")
                XCTAssertFalse(rest.hasPrefix("&"), "\(name): {{& }} is not allowed")
            }
            XCTAssertFalse(source.contains("{{&"), "\(name): {{& }} is not allowed")
        }
    }
}
