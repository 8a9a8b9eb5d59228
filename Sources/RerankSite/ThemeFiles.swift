import Foundation
import SiteRender

/// `rerank-site theme list | eject | diff`: the built-in theme's files, copied into a project's
/// templates/ one by one to override them, and how a project's overrides differ from the built-in
/// files. A project without templates/ uses the built-in theme as the binary carries it.
public enum ThemeFiles {
    /// The built-in theme's files by path in a theme folder (`case.mustache`, `style.css`), sorted.
    public static var builtIn: [(path: String, text: String)] {
        let theme = Theme.builtIn
        let templates = theme.templates.map { ("\($0.key).mustache", $0.value) }
        let assets = theme.assets.map { ($0.key, String(decoding: $0.value, as: UTF8.self)) }
        return (templates + assets).sorted { $0.0 < $1.0 }.map { (path: $0.0, text: $0.1) }
    }

    /// The templates folder of the project whose rerank-site.yml `options` names.
    public static func folder(_ options: BuildOptions) throws -> URL {
        try SiteBuilder.loadConfig(options).root.appendingPathComponent("templates")
    }

    /// Copies the named built-in files into `folder` and returns the paths written. A name may be
    /// given as `case`, `case.mustache` or `templates/case.mustache`. Unknown names and files the
    /// project already has are all reported at once, and then nothing is written: an override is
    /// never replaced.
    public static func eject(_ names: [String], into folder: URL) throws -> [String] {
        let files = Dictionary(builtIn.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        var chosen: [String] = []
        var problems: [String] = []
        for name in names {
            guard let path = match(name, in: files.keys) else {
                problems.append("\(name): not a file of the built-in theme (it has: \(files.keys.sorted().joined(separator: ", ")))")
                continue
            }
            if chosen.contains(path) { continue }
            let target = folder.appendingPathComponent(path)
            if let file = OutputSafety.fileOnPath(to: target.path) {
                problems.append("\(file) is a file where a folder belongs")
                continue
            }
            if FileManager.default.fileExists(atPath: target.path) || isLink(target) {
                problems.append("templates/\(path) already exists; it is left as it is (`rerank-site theme diff` shows how it differs)")
                continue
            }
            chosen.append(path)
        }
        if names.isEmpty { problems.append("name the files to eject (built-in: \(files.keys.sorted().joined(separator: ", ")))") }
        if !problems.isEmpty {
            throw BuildError(.badInput, step: "theme eject", messages: problems + ["nothing was written"])
        }
        for path in chosen {
            let target = folder.appendingPathComponent(path)
            do { try writeFileAtomically(Data((files[path] ?? "").utf8), to: target) } catch {
                throw BuildError(.io, step: "theme eject", "cannot write \(target.path): \(plainReason(error))")
            }
        }
        return chosen.map { "templates/" + $0 }
    }

    /// One entry per file of the project's templates folder: a unified diff against the built-in
    /// file, or a line saying it is the same or has no built-in counterpart.
    public static func diff(folder: URL) throws -> [String] {
        let builtIn = Dictionary(builtIn.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            return ["no templates/ folder: the project uses the built-in theme as it is"]
        }
        guard isFolder.boolValue else {
            throw BuildError(.badInput, step: "theme diff", "\(folder.path) is not a folder")
        }
        var out: [String] = []
        let paths: [String]
        do { paths = try Theme.files(in: folder) } catch {
            throw BuildError(.io, step: "theme diff", "\(error)")
        }
        for path in paths {
            let url = folder.appendingPathComponent(path)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw BuildError(.io, step: "theme diff", "cannot read templates/\(path): \(plainReason(error))")
            }
            let text = String(decoding: data, as: UTF8.self)
            guard let original = builtIn[path] else {
                out.append("templates/\(path): added (the built-in theme has no such file)")
                continue
            }
            let diff = TextDiff.unified(old: original, new: text, oldName: "built-in/\(path)", newName: "templates/\(path)")
            out.append(diff.isEmpty ? "templates/\(path): same as the built-in file (deleting it changes nothing)" : diff)
        }
        if paths.isEmpty { out.append("templates/ is empty: the project uses the built-in theme as it is") }
        return out
    }

    /// A built-in path for a name as a user may type it.
    static func match(_ name: String, in paths: Dictionary<String, String>.Keys) -> String? {
        var n = name
        if n.hasPrefix("templates/") { n.removeFirst("templates/".count) }
        if paths.contains(n) { return n }
        if paths.contains(n + ".mustache") { return n + ".mustache" }
        return nil
    }

    private static func isLink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }
}
