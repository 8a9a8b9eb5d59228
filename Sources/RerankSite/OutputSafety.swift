import Cache
import Foundation

/// Where a build may write, checked before any work: a build replaces its output folder whole, so
/// it must never be pointed at something the user keeps. Every problem is reported at once.
///
/// The output is refused when it is `/` or the home folder; when it is, contains or lies inside
/// the input folder, the templates, the configuration file, the cache or the project folder;
/// when it is a file or a dangling link; and when it holds anything but a site this tool wrote
/// (see `SiteMarker`). The cache is refused inside the output, and when what is at its path is
/// not a cache of ours (`ScoreCache.problem(at:)`). Paths are compared with links resolved.
enum OutputSafety {
    struct Places {
        var output: URL
        var cache: URL
        var input: URL
        var configFile: URL
        var templates: URL
        var projectRoot: URL
        var home: String?
    }

    /// The output's real path (links resolved), or a `BuildError` listing every problem.
    static func check(_ places: Places) throws -> URL {
        let output = RealPath.resolve(places.output.path)
        var problems = relationProblems(places, output: output)
        // What the folder holds matters only where it may be written at all.
        if problems.isEmpty { problems += contentProblems(output, named: places.output.path) }
        if let problem = ScoreCache.problem(at: places.cache) { problems.append(problem) }
        guard problems.isEmpty else { throw BuildError(.badInput, step: "output", messages: problems) }
        return URL(fileURLWithPath: output)
    }

    static let advice = "choose another output folder (--output, or `output:` in rerank-site.yml)"

    /// Problems of where the output lies relative to what the user keeps: pure path arithmetic.
    static func relationProblems(_ places: Places, output: String) -> [String] {
        let shown = places.output.path == output ? output : "\(places.output.path) (\(output))"
        var problems: [String] = []
        if output == "/" { problems.append("output \(shown) is the root folder; \(advice)") }
        if let home = places.home.map(RealPath.resolve), output == home {
            problems.append("output \(shown) is your home folder; \(advice)")
        }
        let root = RealPath.resolve(places.projectRoot.path)
        // Once the output is or holds the project, what lies in the project need not be listed too.
        let holdsProject = RealPath.isSameOrInside(root, output)
        func impliedByProject(_ real: String) -> Bool { holdsProject && RealPath.isSameOrInside(real, root) }
        if output == root {
            problems.append("output \(shown) is the project folder, which every build would replace; \(advice)")
        } else if RealPath.isSameOrInside(root, output) {
            problems.append("output \(shown) contains the project folder \(root), which every build would replace; \(advice)")
        }
        var kept: [(String, String)] = [("input folder", places.input.path), ("templates folder", places.templates.path)]
        if FileManager.default.fileExists(atPath: places.configFile.path) {
            kept.append(("configuration file", places.configFile.path))
        }
        for (what, path) in kept {
            let real = RealPath.resolve(path)
            if impliedByProject(real) { continue }
            if output == real {
                problems.append("output \(shown) is the \(what); \(advice)")
            } else if RealPath.isSameOrInside(real, output) {
                problems.append("output \(shown) contains the \(what) \(real); \(advice)")
            } else if RealPath.isSameOrInside(output, real) {
                problems.append("output \(shown) lies inside the \(what) \(real); \(advice)")
            }
        }
        let cache = RealPath.resolve(places.cache.path)
        if !impliedByProject(cache) {
            if RealPath.isSameOrInside(cache, output) {
                problems.append("cache \(places.cache.path) lies inside the output folder \(output), which every build "
                                + "replaces; put the cache outside it (--cache, or `cache:` in rerank-site.yml)")
            } else if RealPath.isSameOrInside(output, cache) {
                problems.append("output \(shown) lies inside the cache \(cache); \(advice)")
            }
        }
        return problems
    }

    /// Problems with what is at the output path now: only nothing, an empty folder, or a site this
    /// tool wrote (every file listed in its marker) may be replaced.
    static func contentProblems(_ output: String, named given: String) -> [String] {
        var info = stat()
        guard lstat(output, &info) == 0 else {
            if let file = fileOnPath(to: output) {
                return ["output \(given) cannot be created: \(file) is a file, not a folder; \(advice)"]
            }
            return []
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK: return ["output \(given) is a link to a missing place; \(advice)"]
        default: return ["output \(given) is a file, not a folder; \(advice)"]
        }
        let foreign = foreignEntries(in: output)
        guard !foreign.isEmpty else { return [] }
        let listed = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? " and \(foreign.count - 5) more" : "")
        if hasMarker(output) {
            return ["output \(given) holds files the last build did not write (\(listed)); a build replaces the "
                    + "folder whole, so move them out of it, then build again"]
        }
        let earlier = ["index.html", "data/results.json"].allSatisfy {
            FileManager.default.fileExists(atPath: output + "/" + $0)
        }
        let hint = earlier ? " If it is a site from a rerank-site older than this one (which did not mark its sites), "
            + "delete it once and build again." : ""
        return ["output \(given) holds files rerank-site did not write (\(listed)); a build replaces its output "
                + "folder whole, so it writes only to a missing or empty folder or to a site it wrote: \(advice), "
                + "or empty this one.\(hint)"]
    }

    /// Relative paths under `folder` that its marker does not list (everything, without a marker).
    static func foreignEntries(in folder: String) -> [String] {
        let fm = FileManager.default
        guard let top = try? fm.contentsOfDirectory(atPath: folder) else { return ["(the folder cannot be read)"] }
        guard let markerBytes = fm.contents(atPath: folder + "/" + SiteMarker.fileName),
              let listed = SiteMarker.listedPaths(Array(markerBytes)) else {
            return top.sorted().map { name in
                var isFolder: ObjCBool = false
                _ = fm.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder)
                return isFolder.boolValue ? name + "/" : name
            }
        }
        var folders: Set<String> = []
        for path in listed {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty { folders.insert(parts.joined(separator: "/")); parts = parts.dropLast() }
        }
        var foreign: [String] = []
        func walk(_ relative: String) {
            let absolute = relative.isEmpty ? folder : folder + "/" + relative
            guard let names = try? fm.contentsOfDirectory(atPath: absolute) else {
                // Gone meanwhile (another build exchanged the site): nothing of the user's there.
                if fm.fileExists(atPath: absolute) { foreign.append(relative + "/") }
                return
            }
            for name in names.sorted() {
                let path = relative.isEmpty ? name : relative + "/" + name
                if path == SiteMarker.fileName { continue }
                var info = stat()
                guard lstat(folder + "/" + path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: if folders.contains(path) { walk(path) } else { foreign.append(path + "/") }
                case S_IFREG: if !listed.contains(path) { foreign.append(path) }
                default: foreign.append(path)
                }
            }
        }
        walk("")
        return foreign
    }

    static func hasMarker(_ folder: String) -> Bool {
        FileManager.default.contents(atPath: folder + "/" + SiteMarker.fileName)
            .flatMap { SiteMarker.listedPaths(Array($0)) } != nil
    }

    /// The first component above `path` that exists and is not a folder, if any.
    static func fileOnPath(to path: String) -> String? {
        var current = ""
        for part in (path as NSString).deletingLastPathComponent.split(separator: "/") {
            current += "/" + part
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: current, isDirectory: &isFolder) else { return nil }
            if !isFolder.boolValue { return current }
        }
        return nil
    }
}

extension SiteBuilder {
    /// What the output must keep away from, as this build resolved it.
    static func places(_ options: BuildOptions, _ config: SiteConfig, output: URL, cache: URL, input: URL,
                       environment: [String: String]) -> OutputSafety.Places {
        OutputSafety.Places(output: output, cache: cache, input: input,
                            configFile: options.configFile ?? options.workingDirectory.appendingPathComponent("rerank-site.yml"),
                            templates: config.root.appendingPathComponent("templates"),
                            projectRoot: config.root, home: environment["HOME"])
    }
}
