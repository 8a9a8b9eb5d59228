import RerankCore

/// Case listings for large sites: above `inlineLimit` cases the index lists sections, not cases,
/// and each section gets pages of at most `pageSize` cases, once in input order and once sorted
/// by each scorer's NDCG@10 (lowest first, the cases to look at), so any case is found by
/// following links, without a text filter or JavaScript. Every page stays small (a few hundred
/// KB at most) however many cases there are.
struct SectionPages {
    static let inlineLimit = 200
    static let pageSize = 100

    /// One section's cases, in input order.
    struct Group {
        var key: [String]
        var name: String
        var folder: String
        var cases: [CaseResult]
    }

    /// An ordering of a section's cases: input order, or one scorer's NDCG@10.
    struct Ordering {
        var id: String
        var title: String
        var scorer: String?
    }

    let site: SiteContext

    var isPaged: Bool { site.results.cases.count > Self.inlineLimit }

    /// The groups of the index: top-level cases first, then sections in name order.
    var groups: [Group] {
        var byKey: [[String]: [CaseResult]] = [:]
        for c in site.results.cases { byKey[c.file.section, default: []].append(c) }
        let keys = byKey.keys.sorted { a, b in
            if a.isEmpty != b.isEmpty { return a.isEmpty }
            return a.lexicographicallyPrecedes(b)
        }
        return keys.map { key in
            let cases = byKey[key] ?? []
            // The slug's folders: lower-cased and path-safe like every page address.
            let slugFolder = cases.first.map { $0.file.slug.split(separator: "/").dropLast().joined(separator: "/") } ?? ""
            return Group(key: key, name: key.isEmpty ? "Top level" : key.joined(separator: " / "),
                         folder: "sections/" + (key.isEmpty ? "_top" : slugFolder), cases: cases)
        }
    }

    var orderings: [Ordering] {
        [Ordering(id: "input-order", title: "input order", scorer: nil)]
            + site.scorers.map { Ordering(id: "ndcg-" + SitePaths.fileSafe($0), title: "NDCG@10 of \($0), lowest first", scorer: $0) }
    }

    func pageCount(_ group: Group) -> Int { max(1, (group.cases.count + Self.pageSize - 1) / Self.pageSize) }

    func path(_ group: Group, _ ordering: Ordering, page: Int) -> String {
        "\(group.folder)/\(ordering.id)-\(page).html"
    }

    /// Every listing page: (path, model for the `section` template).
    func pages() -> [(path: String, title: String, model: SectionPageModel)] {
        guard isPaged else { return [] }
        var out: [(String, String, SectionPageModel)] = []
        for group in groups {
            for ordering in orderings {
                let sorted = order(group.cases, by: ordering)
                for page in 1...pageCount(group) {
                    let path = path(group, ordering, page: page)
                    let slice = Array(sorted.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize))
                    out.append((path, "\(group.name) · \(site.results.title)",
                                model(group, ordering, page: page, cases: slice, first: (page - 1) * Self.pageSize, path: path)))
                }
            }
        }
        return out
    }

    /// The index's list of sections (when paged).
    func indexEntries(from indexPath: String) -> [SectionLink] {
        groups.map { group in
            SectionLink(name: group.name,
                        count: group.cases.count,
                        labelledCount: group.cases.filter { $0.file.hasLabels }.count,
                        href: SitePaths.href(from: indexPath, to: path(group, orderings[0], page: 1)),
                        orderings: orderings.dropFirst().map { ordering in
                            TitledLink(title: ordering.title, href: SitePaths.href(from: indexPath, to: path(group, ordering, page: 1)))
                        })
        }
    }

    /// Cases sorted by the ordering: NDCG@10 ascending, unlabelled cases last, ties in input order.
    func order(_ cases: [CaseResult], by ordering: Ordering) -> [CaseResult] {
        guard let scorer = ordering.scorer else { return cases }
        let keyed = cases.enumerated().map { (index: $0.offset, c: $0.element, ndcg: ndcg($0.element, scorer)) }
        return keyed.sorted { a, b in
            switch (a.ndcg, b.ndcg) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.index < b.index
            }
        }.map(\.c)
    }

    private func ndcg(_ c: CaseResult, _ scorer: String) -> Double? {
        guard c.file.hasLabels else { return nil }
        return site.primary(c, scorer: scorer)?.metrics?.ndcg10
    }

    private func model(_ group: Group, _ ordering: Ordering, page: Int, cases: [CaseResult], first: Int,
                       path: String) -> SectionPageModel {
        let pages = pageCount(group)
        return SectionPageModel(
            name: group.name,
            count: group.cases.count,
            orderingTitle: ordering.title,
            page: page,
            pageCount: pages,
            indexHref: SitePaths.href(from: path, to: SitePaths.index) + "#cases",
            orderings: orderings.map { other in
                SectionPageModel.OrderingLink(title: other.title, href: SitePaths.href(from: path, to: self.path(group, other, page: 1)),
                                      current: other.id == ordering.id)
            },
            pageLinks: (1...pages).map { number in
                SectionPageModel.PageLink(n: number, href: SitePaths.href(from: path, to: self.path(group, ordering, page: number)),
                                      current: number == page)
            },
            columns: site.scorers.map { scorer in
                let target = orderings.first { $0.scorer == scorer } ?? ordering
                return SectionPageModel.Column(scorer: scorer, href: SitePaths.href(from: path, to: self.path(group, target, page: 1)),
                                               current: target.id == ordering.id)
            },
            rows: cases.enumerated().map { offset, c in
                SectionPageModel.Row(n: first + offset + 1,
                                     title: c.file.title,
                                     href: SitePaths.href(from: path, to: site.casePaths[c.file.slug] ?? ""),
                                     candidateCount: c.file.candidates.count,
                                     cells: site.scorers.map { scorer in TextCell(ndcg(c, scorer).map { fixed($0, 3) } ?? "—") })
            })
    }
}
