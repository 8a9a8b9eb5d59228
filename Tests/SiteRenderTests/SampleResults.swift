import Foundation
import RerankCore

/// A realistic `SiteResults` for tests and for looking at the site: cases in Chinese, English and
/// Arabic, three scorers (input order, BM25-like, Qwen3-like), labels, rewrites, two instructions,
/// an unlabelled case, notes, a long truncated candidate. Scores are made up but deterministic.
enum SampleResults {
    struct Spec {
        var path: String
        var title: String
        var tags: [String]
        var query: String
        var rewrites: [String] = []
        var instructions: [String] = []
        var intro: String
        /// (text, label, note)
        var candidates: [(String, Int?, String?)]
        var sections: [ProseSection] = []
    }

    static let defaultInstruction = "Given a web search query, retrieve relevant passages that answer the query"

    static let specs: [Spec] = [
        Spec(path: "music/breakup.md", title: "分手后想笑得洒脱", tags: ["音乐", "情绪", "zh"],
             query: "分手后不想哭,想笑得洒脱",
             rewrites: ["失恋 洒脱 歌词", "分手 笑着告别 的歌"],
             instructions: [defaultInstruction, "Judge whether the lyric expresses the listener's mood, not just the keywords"],
             intro: "The first stage matches **keywords** like 分手 and 笑; the reranker should prefer lyrics that *feel* carefree.\n\nSee the [method](../../index.html#method).",
             candidates: [
                ("失恋是成长的必经之路,请保持积极心态", 0, "说教口吻,没有画面。"),
                ("分手快乐,祝你快乐,你可以找到更好的", 2, nil),
                ("我笑着挥手说再见,眼泪却在转身时决堤", 3, "“笑”与“泪”的矛盾修辞;**转身时**强化动作感。"),
                ("分手后如何挽回前任:十个技巧", 0, nil),
                ("把戒指扔进海里,浪花替我大笑三声", 3, "强动作链,拟人温度。"),
                ("雨一直下,气氛不算融洽", 1, nil),
                ("单身的日子也要笑得灿烂,一个人去旅行", 2, nil),
                ("分手 笑 洒脱 分手 笑 洒脱(关键词堆砌的页面)", 0, "Keyword stuffing: BM25 loves it."),
             ],
             sections: [ProseSection(heading: "Takeaways", markdown: "- The reranker moves the two vivid lyrics to the top.\n- BM25 is fooled by keyword stuffing (c7).")]),
        Spec(path: "music/late-night-coding.md", title: "深夜写代码听的电子乐", tags: ["音乐", "编程"],
             query: "适合深夜写代码听的电子乐",
             intro: "A mood query with a technical twist.",
             candidates: [
                ("Techno舞曲精选,强劲节拍点燃你的编程激情!", 1, nil),
                ("Chillhop合集:咖啡香+键盘声采样,循环播放不打断思路", 2, nil),
                ("无鼓点氛围电子,低频脉冲如服务器心跳,32分钟不间断", 3, "Exactly the brief."),
                ("深夜电台:情感故事与老歌", 0, nil),
                ("程序员必备的十个VS Code插件", 0, nil),
                ("Lo-fi beats to code and relax to, 3 hours", 2, nil),
             ]),
        Spec(path: "tech/pandas-unicode.md", title: "pandas UnicodeDecodeError 0xd5", tags: ["python", "mixed language"],
             query: "pandas读取csv报错UnicodeDecodeError: 'utf-8' codec can't decode byte 0xd5 in position 0",
             rewrites: ["pandas read_csv gbk encoding"],
             intro: "Mixed Chinese/English technical question; the right answer is the GBK encoding.",
             candidates: [
                ("Use chardet to detect the encoding first, then pass it to read_csv.", 2, nil),
                ("在Excel中另存为UTF-8格式", 1, nil),
                ("pd.read_csv('file.csv', encoding='gbk')", 3, "0xd5 is a typical GBK lead byte."),
                ("Try encoding='latin1' instead — it never fails, but Chinese text becomes mojibake.", 1, nil),
                (String(repeating: "Pandas I/O tools overview: read_csv, read_excel, read_json, read_parquet, with every parameter explained in detail. ", count: 6), 0, "Long page, truncated by the reranker."),
             ]),
        Spec(path: "multilingual/docker-memory-ar.md", title: "تحديد ذاكرة الحاوية في دوكر", tags: ["عربي", "docker"],
             query: "كيف أحدد ذاكرة الحاوية في دوكر؟",
             intro: "سؤال عربي، ومرشحات بالعربية والإنجليزية واليابانية.",
             candidates: [
                ("Dockerのcgroupによるメモリ制限の仕組み", 1, nil),
                ("docker run -m 512m nginx", 3, "الأمر المباشر."),
                ("يمكنك استخدام الخيار ‎--memory‎ عند تشغيل الحاوية لتحديد الحد الأقصى للذاكرة.", 3, nil),
                ("docker-compose.ymlでmem_limitを設定する方法", 2, nil),
                ("How to install Docker on Ubuntu 22.04", 0, nil),
             ]),
        Spec(path: "social/hangzhou-fireworks.md", title: "杭州亚运会闭幕式烟花秀 (unlabelled)", tags: ["微博"],
             query: "杭州亚运会闭幕式烟花秀",
             intro: "No labels yet: the page shows movement only.",
             candidates: [
                ("杭州亚运会开幕式精彩回顾(视频)", nil, nil),
                ("亚运村运动员村今日开放参观", nil, nil),
                ("闭幕式烟花秀背后的技术揭秘(长文)", nil, nil),
                ("杭州天气预报:明日多云转晴", nil, nil),
                ("【现场图】闭幕式最后一刻:钱塘江上空绽放巨型数字烟花", nil, nil),
                ("网友热议:闭幕式烟花秀用了多少发弹药?环保吗?", nil, nil),
             ]),
        Spec(path: "ev-battery.md", title: "China’s new EV battery breakthrough", tags: ["en", "news"],
             query: "China’s new EV battery breakthrough",
             intro: "An English query over English and Chinese posts.",
             candidates: [
                ("Tesla Q2 earnings beat expectations", 0, nil),
                ("比亚迪发布新一代刀片电池安全测试结果", 3, nil),
                ("EU proposes new battery recycling rules", 1, "Same topic word, wrong subject."),
                ("宁德时代钠离子电池进入量产", 3, nil),
                ("Apple car project delayed again", 0, nil),
                ("China’s CATL unveils world’s first 20,000-cycle LFP battery", 2, nil),
             ]),
    ]

    /// Deterministic pseudo-random number in [0, 1) from a string.
    static func noise(_ key: String) -> Double {
        var h: UInt64 = 1469598103934665603
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        return Double(h % 10_000) / 10_000
    }

    static func metrics(order: [Int], relevances: [Int]) -> RankingMetrics {
        let maxRel = relevances.max() ?? 0
        let hit1: Double = order.first.map { relevances[$0] == maxRel && maxRel > 0 ? 1 : 0 } ?? 0
        let hit3: Double = order.prefix(3).contains { relevances[$0] == maxRel && maxRel > 0 } ? 1 : 0
        let first = order.firstIndex { relevances[$0] > 0 }
        let mrr = first.map { 1 / Double($0 + 1) } ?? 0
        func dcg(_ rels: [Int]) -> Double {
            rels.prefix(10).enumerated().reduce(0) { $0 + Double($1.element) / log2(Double($1.offset) + 2) }
        }
        let ideal = dcg(relevances.sorted(by: >))
        return RankingMetrics(hit1: hit1, hit3: hit3, mrr: mrr, ndcg10: ideal > 0 ? dcg(order.map { relevances[$0] }) / ideal : 0)
    }

    static func stats(_ scores: [Double], order: [Int]) -> ScoreStats {
        let n = Double(max(1, scores.count))
        let mean = scores.reduce(0, +) / n
        let std = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot()
        let gap = order.count > 1 ? scores[order[0]] - scores[order[1]] : 0
        return ScoreStats(mean: mean, std: std, min: scores.min() ?? 0, max: scores.max() ?? 0, gap: gap)
    }

    static func scores(scorer: String, spec: Spec, query: String, instruction: Int) -> [PairScore] {
        let n = spec.candidates.count
        return spec.candidates.enumerated().map { (i, c) in
            let key = "\(scorer)|\(spec.path)|\(query)|\(instruction)|\(i)"
            switch scorer {
            case "original":
                return PairScore(score: Double(n - i) / Double(n))
            case "bm25":
                // Rewards shared characters with the query, like a keyword matcher.
                let shared = Set(c.0).intersection(Set(query)).filter { !$0.isWhitespace }.count
                return PairScore(score: Double(shared) * 1.7 + noise(key) * 2)
            default:
                let rel = Double(c.1 ?? Int(noise(key + "L") * 4))
                let base = -4 + rel * 2.6 + (noise(key) - 0.5) * 2.2 + (instruction == 1 ? 0.4 : 0)
                let logit = base
                let p = 1 / (1 + exp(-logit))
                let tokens = 40 + c.0.utf8.count / 3
                return PairScore(score: p, logit: logit, tokens: min(tokens, 256), truncated: tokens > 256, seconds: 0.05)
            }
        }
    }

    static func make(title: String = "Qwen3-Reranker on real queries") -> SiteResults {
        let scorers = ["original", "bm25", "qwen3-0.6b"]
        let kinds = ["original": "original", "bm25": "bm25", "qwen3-0.6b": "qwen3-reranker"]
        var cases: [CaseResult] = []
        for spec in specs {
            let section = spec.path.split(separator: "/").dropLast().map(String.init)
            let candidates = spec.candidates.enumerated().map { (i, c) in
                Candidate(index: i, text: c.0, label: c.1, note: c.2, location: SourceLocation(file: spec.path, line: 10 + i))
            }
            let slug = String(spec.path.dropLast(3))
            let file = CaseFile(path: spec.path, section: section, slug: slug, title: spec.title, tags: spec.tags,
                                instructions: spec.instructions, draft: false, query: spec.query, rewrites: spec.rewrites,
                                candidates: candidates, intro: spec.intro, sections: spec.sections,
                                sourceHash: String(repeating: "0", count: 56) + String(format: "%08x", Int(noise(spec.path) * 1e8)))
            let instructions = spec.instructions.isEmpty ? [defaultInstruction] : spec.instructions
            var rankings: [Ranking] = []
            for scorer in scorers {
                for (ii, instruction) in instructions.enumerated() {
                    let instructionIndex = scorer == "qwen3-0.6b" ? ii : 0
                    let pairs = scores(scorer: scorer, spec: spec, query: spec.query, instruction: instructionIndex)
                    let s = pairs.map(\.score)
                    let order = rankOrder(scores: s)
                    let m = file.hasLabels ? metrics(order: order, relevances: file.relevances) : nil
                    rankings.append(Ranking(scorer: scorer, instruction: instruction, variant: .query, scores: s,
                                            pairs: pairs, order: order, metrics: m, stats: stats(s, order: order)))
                    guard !spec.rewrites.isEmpty, scorer != "original" else { continue }
                    var fused = s
                    for (k, rw) in spec.rewrites.enumerated() {
                        let morePairs = scores(scorer: scorer, spec: spec, query: rw, instruction: instructionIndex)
                        let more = morePairs.map(\.score)
                        let rOrder = rankOrder(scores: more)
                        rankings.append(Ranking(scorer: scorer, instruction: instruction, variant: .rewrite(k + 1), scores: more,
                                                pairs: morePairs, order: rOrder,
                                                metrics: file.hasLabels ? metrics(order: rOrder, relevances: file.relevances) : nil,
                                                stats: stats(more, order: rOrder)))
                        fused = zip(fused, more).map { max($0, $1) }
                    }
                    let fOrder = rankOrder(scores: fused)
                    let fm = file.hasLabels ? metrics(order: fOrder, relevances: file.relevances) : nil
                    rankings.append(Ranking(scorer: scorer, instruction: instruction, variant: .fused(.max), scores: fused,
                                            pairs: [], order: fOrder, metrics: fm, stats: stats(fused, order: fOrder)))
                }
            }
            cases.append(CaseResult(file: file, instructions: instructions, rankings: rankings))
        }
        var summaries: [ScorerSummary] = []
        for scorer in scorers {
            var sums = [0.0, 0.0, 0.0, 0.0], labelled = 0, correct = 0
            var wtl = WinTieLoss()
            var all: [Double] = []
            for c in cases {
                for r in c.rankings where r.scorer == scorer && r.variant == .query { all += r.scores }
                guard let r = c.rankings.first(where: { $0.scorer == scorer && $0.variant == .query }), let m = r.metrics,
                      let b = c.rankings.first(where: { $0.scorer == "original" && $0.variant == .query })?.metrics else { continue }
                labelled += 1
                sums[0] += m.hit1; sums[1] += m.hit3; sums[2] += m.mrr; sums[3] += m.ndcg10
                if m.hit1 == 1 { correct += 1 }
                if m.ndcg10 > b.ndcg10 + 1e-12 { wtl.wins += 1 } else if m.ndcg10 < b.ndcg10 - 1e-12 { wtl.losses += 1 } else { wtl.ties += 1 }
            }
            let d = Double(max(1, labelled))
            summaries.append(ScorerSummary(
                scorer: scorer, kind: kinds[scorer] ?? "", fingerprint: "sha256:" + String(format: "%016llx", UInt64(noise(scorer) * 1e15)),
                labelledCases: labelled,
                meanMetrics: labelled > 0 ? RankingMetrics(hit1: sums[0] / d, hit3: sums[1] / d, mrr: sums[2] / d, ndcg10: sums[3] / d) : nil,
                correctFirst: correct, versusBaseline: wtl, allScores: all))
        }
        return SiteResults(title: title, baseURL: nil, toolVersion: "0.1.0", scorers: scorers, baseline: "original",
                           cases: cases, summaries: summaries, fusion: .max)
    }
}
