import Foundation
import Mustache

/// The templates and assets a site is rendered with. The default theme (templates/ in the
/// repository) is compiled into the binary; a project's own templates folder overrides it file by file.
public struct Theme: Sendable, Equatable {
    /// Mustache sources by template name: the file's path relative to the theme folder without
    /// `.mustache` (`layout`, `case`, `ranking-table`). Partials are referenced by that name.
    public var templates: [String: String]
    /// Every other file (`style.css`, images) by relative path; written to `assets/<path>`.
    public var assets: [String: [UInt8]]

    public init(templates: [String: String], assets: [String: [UInt8]]) {
        self.templates = templates
        self.assets = assets
    }

    /// The default theme, from DefaultTheme.generated.swift (scripts/embed-theme.py writes it).
    public static let builtIn: Theme = {
        var templates: [String: String] = [:]
        var assets: [String: [UInt8]] = [:]
        for (path, text) in DefaultTheme.files {
            if path.hasSuffix(".mustache") {
                templates[String(path.dropLast(".mustache".count))] = text
            } else {
                assets[path] = Array(text.utf8)
            }
        }
        return Theme(templates: templates, assets: assets)
    }()

    /// The built-in theme with every file found under `directory` replacing or adding to it.
    /// Nil or a folder that does not exist gives the built-in theme; hidden files are ignored.
    /// Templates are parsed here, so a broken override fails with its file name.
    public static func load(overridesIn directory: URL?) throws -> Theme {
        var theme = builtIn
        guard let directory else { return theme }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDir) else { return theme }
        guard isDir.boolValue else {
            throw SiteRenderError.template(file: directory.path, message: "is not a folder")
        }
        // Every broken file in one report, like case files.
        var problems: [SiteRenderError] = []
        for relative in try files(in: directory) {
            let url = directory.appendingPathComponent(relative)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                problems.append(.template(file: relative, message: "cannot be read: \(error.localizedDescription)"))
                continue
            }
            if relative.hasSuffix(".mustache") {
                guard let text = String(data: data, encoding: .utf8) else {
                    problems.append(.template(file: relative, message: "is not UTF-8"))
                    continue
                }
                do { _ = try MustacheTemplate(string: text) } catch {
                    problems.append(TemplateSyntax.problem(file: directory.lastPathComponent + "/" + relative, text: text, error: error))
                    continue
                }
                theme.templates[String(relative.dropLast(".mustache".count))] = text
            } else {
                theme.assets[relative] = [UInt8](data)
            }
        }
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw SiteRenderError.several(problems) }
        return theme
    }

    /// Regular files under `directory`, as sorted relative paths with `/`, skipping hidden entries:
    /// the files of a theme folder that override or add to the built-in theme.
    public static func files(in directory: URL) throws -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        func walk(_ url: URL, prefix: String) throws {
            let names: [String]
            do { names = try fm.contentsOfDirectory(atPath: url.path) } catch {
                throw SiteRenderError.template(file: prefix.isEmpty ? url.path : prefix, message: "cannot list folder: \(error.localizedDescription)")
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = url.appendingPathComponent(name)
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: child.path, isDirectory: &isDir) else { continue }
                let rel = prefix.isEmpty ? name : prefix + "/" + name
                if isDir.boolValue { try walk(child, prefix: rel) } else { out.append(rel) }
            }
        }
        try walk(directory, prefix: "")
        return out
    }

    /// All templates parsed into a library, partials registered under their names, each starting in
    /// `TemplateHTML` (`escapeHTML`, scalar by scalar, instead of swift-mustache's Character walk).
    func makeLibrary() throws -> MustacheLibrary {
        TemplateHTML.registered
        var library = MustacheLibrary()
        for name in templates.keys.sorted() {
            let text = templates[name] ?? ""
            do { try library.register(TemplateHTML.pragma + text, named: name) } catch {
                // Report the problem in the author's text, without the line put before it.
                var alone = MustacheLibrary()
                do { try alone.register(text, named: name) } catch {
                    throw TemplateSyntax.problem(file: "templates/\(name).mustache", text: text, error: error)
                }
                throw TemplateSyntax.problem(file: "templates/\(name).mustache", text: text, error: error)
            }
        }
        return library
    }
}
