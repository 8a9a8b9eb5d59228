import Mustache
import RerankCore

/// The model of `layout.mustache`, which wraps every page's rendered body: titles, links to the
/// index, the method notes and results.json, the stylesheets and the sharing tags.
final class LayoutModel: MustacheParent {
    /// A stylesheet link.
    final class Stylesheet: MustacheParent {
        let href: String
        init(href: String) { self.href = href }
        func child(named name: String) -> Any? { name == "href" ? href : nil }
    }

    let pageTitle, siteTitle, root, toolVersion, bodyHtml, description: String
    let isIndex: Bool
    let stylesheets: [Stylesheet]
    /// The page's absolute address, for sharing tags; empty without a `base_url`.
    let canonicalHref: String

    init(pageTitle: String, siteTitle: String, root: String, toolVersion: String, bodyHtml: String, description: String,
         isIndex: Bool, stylesheets: [Stylesheet], canonicalHref: String) {
        self.pageTitle = pageTitle; self.siteTitle = siteTitle; self.root = root; self.toolVersion = toolVersion
        self.bodyHtml = bodyHtml; self.description = description; self.isIndex = isIndex; self.stylesheets = stylesheets
        self.canonicalHref = canonicalHref
    }

    func child(named name: String) -> Any? {
        switch name {
        case "pageTitle": return pageTitle
        case "siteTitle": return siteTitle
        case "root": return root
        case "indexHref": return root + SitePaths.index
        case "methodHref": return root + SitePaths.index + "#method"
        case "jsonHref": return root + SitePaths.resultsJSON
        case "toolVersion": return toolVersion
        case "tieBreakRule": return tieBreakRule
        case "bodyHtml": return bodyHtml
        case "isIndex": return isIndex
        case "description": return description
        case "ogType": return isIndex ? "website" : "article"
        case "stylesheets": return stylesheets
        case "hasCanonical": return !canonicalHref.isEmpty
        case "canonicalHref": return canonicalHref
        default: return nil
        }
    }
}
