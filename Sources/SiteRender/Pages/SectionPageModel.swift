import Mustache

// A section listing page's view model as typed values (`section.mustache`); see IndexPageModel
// for how names are answered.

/// One page of a section's cases in one ordering.
final class SectionPageModel: MustacheParent {
    /// A link to another ordering of the section; `current` when it is this page's own.
    final class OrderingLink: MustacheParent {
        let title, href: String
        let current: Bool
        init(title: String, href: String, current: Bool) { self.title = title; self.href = href; self.current = current }
        func child(named name: String) -> Any? {
            switch name {
            case "title": return title
            case "href": return href
            case "current": return current
            default: return nil
            }
        }
    }

    /// A link to page `n` of this ordering; `current` when it is this page.
    final class PageLink: MustacheParent {
        let n: Int
        let href: String
        let current: Bool
        init(n: Int, href: String, current: Bool) { self.n = n; self.href = href; self.current = current }
        func child(named name: String) -> Any? {
            switch name {
            case "n": return n
            case "href": return href
            case "current": return current
            default: return nil
            }
        }
    }

    /// A column of the table: one scorer's NDCG@10, linking to the listing sorted by it.
    final class Column: MustacheParent {
        let scorer, href: String
        let current: Bool
        init(scorer: String, href: String, current: Bool) { self.scorer = scorer; self.href = href; self.current = current }
        func child(named name: String) -> Any? {
            switch name {
            case "scorer": return scorer
            case "href": return href
            case "current": return current
            default: return nil
            }
        }
    }

    /// A case: its number in this ordering, link, candidate count and NDCG@10 per scorer.
    final class Row: MustacheParent {
        let n, candidateCount: Int
        let title, href: String
        let cells: [TextCell]
        init(n: Int, title: String, href: String, candidateCount: Int, cells: [TextCell]) {
            self.n = n; self.title = title; self.href = href; self.candidateCount = candidateCount; self.cells = cells
        }
        func child(named name: String) -> Any? {
            switch name {
            case "n": return n
            case "title": return title
            case "href": return href
            case "candidateCount": return candidateCount
            case "cells": return cells
            default: return nil
            }
        }
    }

    let name, orderingTitle, indexHref: String
    let count, page, pageCount: Int
    let orderings: [OrderingLink]
    let pageLinks: [PageLink]
    let columns: [Column]
    let rows: [Row]

    init(name: String, count: Int, orderingTitle: String, page: Int, pageCount: Int, indexHref: String,
         orderings: [OrderingLink], pageLinks: [PageLink], columns: [Column], rows: [Row]) {
        self.name = name; self.count = count; self.orderingTitle = orderingTitle; self.page = page
        self.pageCount = pageCount; self.indexHref = indexHref; self.orderings = orderings; self.pageLinks = pageLinks
        self.columns = columns; self.rows = rows
    }

    func child(named key: String) -> Any? {
        switch key {
        case "name": return name
        case "count": return count
        case "orderingTitle": return orderingTitle
        case "page": return page
        case "pageCount": return pageCount
        case "hasPages": return pageCount > 1
        case "indexHref": return indexHref
        case "orderings": return orderings
        case "pageLinks": return pageLinks
        case "columns": return columns
        case "rows": return rows
        default: return nil
        }
    }
}

/// A table cell that holds only text.
final class TextCell: MustacheParent {
    let text: String
    init(_ text: String) { self.text = text }
    func child(named name: String) -> Any? { name == "text" ? text : nil }
}
