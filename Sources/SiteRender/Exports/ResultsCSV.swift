import RerankCore

/// data/results.csv: one row per case × scorer × instruction × variant × candidate, quoted as RFC 4180
/// (CRLF line ends; fields with a comma, quote, CR or LF in double quotes, quotes doubled).
enum ResultsCSV {
    static let header = ["case", "section", "scorer", "kind", "instruction_index", "instruction", "variant",
                         "candidate", "baseline_rank", "rank", "score", "label", "logit", "tokens", "truncated", "text"]

    static func field(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return s }
        guard s.utf8.contains(0x22) else { return "\"" + s + "\"" }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    static func make(_ site: SiteContext) -> [UInt8] {
        var out = row(header)
        for c in site.results.cases {
            let instructions = site.instructions(of: c)
            for r in site.sortedRankings(c) {
                let base = site.ranking(c, scorer: site.baseline, instruction: r.instruction)?.rankOf
                let ranks = r.rankOf
                let instructionIndex = (instructions.firstIndex(of: r.instruction) ?? 0) + 1
                for candidate in c.file.candidates {
                    let i = candidate.index
                    let pair: PairScore? = i < r.pairs.count ? r.pairs[i] : nil
                    out += row([
                        c.file.slug, c.file.section.joined(separator: "/"), r.scorer, site.kind(r.scorer),
                        String(instructionIndex), r.instruction, r.variant.name, candidate.exportID,
                        base.map { String($0[i]) } ?? "", String(ranks[i]), formatData(r.scores[i]),
                        candidate.label.map(String.init) ?? "",
                        pair?.logit.map(formatData) ?? "", pair?.tokens.map(String.init) ?? "",
                        pair.map { $0.truncated ? "true" : "false" } ?? "",
                        candidate.text,
                    ])
                }
            }
        }
        return Array(out.utf8)
    }
}
