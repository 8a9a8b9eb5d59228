import Dispatch
import Mustache
import RerankCore

/// Renders computed results into the files of a static site: relative path → bytes.
///
/// - `index.html`: summary per scorer, histograms, cases by section with verdicts, method, downloads.
/// - `cases/<slug>.html`: one page per case.
/// - `sections/<folder>/<ordering>-<n>.html`: above 200 cases, each section's cases in pages of 100,
///   in input order and by each scorer's NDCG@10 (`SectionPages`).
/// - `assets/…`: the theme's non-template files (`style.css`).
/// - `data/results.json`, `data/results.csv`, `data/qrels.txt`, `data/<scorer>.run`.
///
/// Pure and deterministic: the same results and theme give byte-identical files. Needs no network
/// and no JavaScript; every link is relative, so the site works from disk and under any sub-path.
public func renderSite(_ results: SiteResults, theme: Theme) throws -> [String: [UInt8]] {
    let site = try SiteContext(results)
    let library = try theme.makeLibrary()
    for name in ["layout", "index", "case"] where library.getTemplate(named: name) == nil {
        throw SiteRenderError.missingTemplate(name: name)
    }
    let css = theme.assets.keys.filter { $0.hasSuffix(".css") }
    var files: [String: [UInt8]] = [:]
    var missing = MissingValues(templates: theme.templates)
    func add(_ path: String, _ bytes: [UInt8]) throws {
        guard files[path] == nil else { throw SiteRenderError.duplicatePath(path: path) }
        files[path] = bytes
    }

    // The data exports need only the results: make them on another thread while the pages render.
    let exports = Handoff<Result<[(String, [UInt8])], Error>>(.success([]))
    let exporting = DispatchGroup()
    DispatchQueue.global().async(group: exporting) { exports.value = Result { try makeExports(site) } }
    // Pages are independent of each other: render them on every core (the index, the longest, first),
    // add them in order.
    let hasHistory = !results.history.isEmpty && library.getTemplate(named: "history") != nil
    let listings = SectionPages(site: site).pages()
    // 0: the index; 1…cases: the case pages; cases + 1: the history; then the section listings.
    let pages = concurrentMap(results.cases.count + 2 + listings.count) { i -> Result<(path: String, page: RenderedPage)?, Error> in
        if i > results.cases.count + 1 {
            let listing = listings[i - results.cases.count - 2]
            return Result {
                (listing.path, try page(library, template: "section", model: listing.model, path: listing.path,
                                        title: listing.title, description: "\(listing.title): every case with its metrics, in input order or sorted by a scorer.",
                                        site: site, stylesheets: css))
            }
        }
        if i == results.cases.count + 1 {
            guard hasHistory else { return .success(nil) }
            return Result {
                (SitePaths.history, try page(library, template: "history", model: HistoryPage(site: site).model(),
                                             path: SitePaths.history, title: "History · \(results.title)",
                                             description: "How \(results.title)'s metrics changed from run to run, and what changed since the previous run.",
                                             site: site, stylesheets: css))
            }
        }
        guard i > 0 else {
            return Result {
                (SitePaths.index, try page(library, template: "index", model: IndexPage(site: site).model(),
                                           path: SitePaths.index, title: results.title,
                                           description: indexDescription(site), site: site, stylesheets: css))
            }
        }
        let c = results.cases[i - 1]
        guard let path = site.casePaths[c.file.slug] else { return .success(nil) }
        return Result {
            let model = CasePage(site: site, result: c, path: path).model()
            return (path, try page(library, template: "case", model: model, path: path,
                                   title: "\(c.file.title) · \(results.title)", description: caseDescription(c, site: site),
                                   site: site, stylesheets: css))
        }
    }
    for rendered in pages {
        guard let (path, page) = try rendered.get() else { continue }
        try add(path, page.bytes)
        missing.add(page.missing)
    }
    if !missing.found.isEmpty { throw SiteRenderError.missingValues(missing.found) }
    for (name, bytes) in theme.assets.sorted(by: { $0.key < $1.key }) {
        try add("assets/" + name, bytes)
    }
    exporting.wait()
    for (path, bytes) in try exports.value.get() {
        try add(path, bytes)
    }
    return files
}

/// results.json, results.csv, the qrels and one run file per scorer, as (path, bytes) in that order.
private func makeExports(_ site: SiteContext) throws -> [(String, [UInt8])] {
    var out: [(String, [UInt8])] = [
        (SitePaths.resultsJSON, try ResultsJSON.make(site)),
        (SitePaths.resultsCSV, ResultsCSV.make(site)),
    ]
    if site.results.cases.contains(where: { $0.file.hasLabels }) {
        out.append((SitePaths.qrels, TRECFiles.qrels(site)))
    }
    if !site.results.history.isEmpty {
        out.append((SitePaths.historyJSON, try HistoryJSON.make(site.results.history)))
    }
    for scorer in site.scorers {
        guard let run = site.runFiles[scorer] else { continue }
        out.append((run, TRECFiles.run(site, scorer: scorer)))
    }
    return out
}

/// A rendered page and the names its templates asked for that its models did not have.
private struct RenderedPage {
    var bytes: [UInt8]
    var missing: [(template: String, names: [String])]
}

/// A page: its template rendered into `bodyHtml`, then wrapped in the layout.
private func page(_ library: MustacheLibrary, template: String, model: MustacheParent,
                  path: String, title: String, description: String, site: SiteContext,
                  stylesheets: [String]) throws -> RenderedPage {
    let root = SitePaths.root(of: path)
    let checkedBody = CheckedModel(["root": root], typed: model)
    guard let body = library.render(checkedBody, withTemplate: template) else {
        throw SiteRenderError.missingTemplate(name: template)
    }
    // Every stylesheet of the theme, style.css first, so an override can add its own.
    let css = stylesheets.sorted { ($0 == "style.css" ? "" : $0) < ($1 == "style.css" ? "" : $1) }
    // Sharing tags need absolute addresses: only with a base URL.
    var canonical = ""
    if let base = site.results.baseURL, !base.isEmpty {
        canonical = base + (base.hasSuffix("/") ? "" : "/") + SitePaths.percentEncodePath(path)
    }
    let layout = LayoutModel(pageTitle: title, siteTitle: site.results.title, root: root, toolVersion: site.results.toolVersion,
                             bodyHtml: body, description: description, isIndex: path == SitePaths.index,
                             stylesheets: css.map { LayoutModel.Stylesheet(href: root + SitePaths.percentEncodePath("assets/" + $0)) },
                             canonicalHref: canonical)
    let checkedLayout = CheckedModel([:], typed: layout)
    guard let html = library.render(checkedLayout, withTemplate: "layout") else {
        throw SiteRenderError.missingTemplate(name: "layout")
    }
    return RenderedPage(bytes: Array(html.utf8),
                        missing: [(template, checkedBody.missing), ("layout", checkedLayout.missing)])
}

/// The names templates asked for and no page had, each (template, name) once, in the order met.
private struct MissingValues {
    let templates: [String: String]
    private(set) var found: [MissingValue] = []

    init(templates: [String: String]) { self.templates = templates }

    mutating func add(_ missing: [(template: String, names: [String])]) {
        for (template, names) in missing { add(names, template: template) }
    }

    mutating func add(_ names: [String], template: String) {
        for name in names where !found.contains(where: { $0.name == name && $0.template == template }) {
            let reachable = templatesReachable(from: template, in: templates)
            let locations = tagLocations(of: name, in: templates.filter { reachable.contains($0.key) })
                .map { "templates/\($0.template).mustache:\($0.line)" }
            found.append(MissingValue(name: name, template: template, locations: locations))
        }
    }
}

/// The index's `<meta name="description">`: what the site holds, in one sentence.
private func indexDescription(_ site: SiteContext) -> String {
    let results = site.results
    let labelled = results.cases.filter { $0.file.hasLabels }.count
    return "\(results.cases.count) reranking cases (\(labelled) with relevance labels) ranked by "
        + site.scorers.joined(separator: ", ") + ", compared with \(site.baseline): metrics with 95% intervals, rank matrices and every score."
}

/// A case page's `<meta name="description">`: the query and what ranked it.
private func caseDescription(_ c: CaseResult, site: SiteContext) -> String {
    let scorers = site.scorers.filter { s in c.rankings.contains { $0.scorer == s } }
    return "Query: \(snippet(c.file.query, limit: 120)). \(c.file.candidates.count) candidates ranked by "
        + scorers.joined(separator: ", ") + ", side by side with \(site.baseline)."
}
