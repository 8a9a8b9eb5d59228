/// Deterministic filler text of a given token length: sentences alternating at random between
/// English and Chinese, drawn from small word lists. Not meaningful, but tokenizes like real
/// mixed-language text (whole English words, multi-character Chinese words, punctuation of both).
final class TextMaker {
    enum Style { case query, document }

    private let countTokens: (String) -> Int
    private var pieceCounts: [String: Int] = [:]

    init(countTokens: @escaping (String) -> Int) {
        self.countTokens = countTokens
    }

    static let english = """
        search engine ranking model query document relevance score retrieval index vector dense sparse \
        passage answer question language system data training evaluation metric precision recall user \
        result page click cache server latency memory thread batch token layer attention weight matrix \
        the a of and to in for with on by from about which when where how what why is are was can will \
        reranker candidate benchmark dataset label human judge order first stage second better worse fast \
        slow large small model's network paper blog article library website build static chart table
        """.split(separator: " ").map(String.init)

    static let chinese = """
        搜索 引擎 排序 模型 查询 文档 相关性 分数 检索 索引 向量 稠密 稀疏 段落 答案 问题 语言 系统 数据 训练 \
        评估 指标 精确率 召回率 用户 结果 页面 点击 缓存 服务器 延迟 内存 线程 批量 注意力 权重 矩阵 我们 \
        这个 一个 如何 什么 为什么 可以 需要 使用 通过 对于 以及 但是 因为 所以 已经 重排序 候选 基准 人工 \
        标注 顺序 第一 阶段 更好 更快 大型 小型 网络 论文 博客 文章 网站 图表 中文 英文 混合 效果 实验
        """.split(separator: " ").map(String.init)

    static let instructionStarts = [
        "Given a web search query, retrieve relevant passages that answer the query",
        "Given a Chinese search query, retrieve relevant passages",
        "Retrieve documents that help answer the question",
        "Judge whether the passage is relevant to the user's question",
    ]

    /// An English instruction of about `tokens` tokens (instructions are written in English).
    func instruction(tokens: Int, rng: inout SplitMix) -> String {
        let start = rng.pick(TextMaker.instructionStarts)
        var pieces = [start]
        var estimate = count(start)
        if estimate < tokens { pieces.append(" about"); estimate += count(" about") }
        while estimate < tokens {
            let word = " " + rng.pick(TextMaker.english)
            pieces.append(word)
            estimate += count(word)
        }
        return fit(pieces, tokens: tokens)
    }

    /// Mixed-language text of about `tokens` tokens; a query ends with a question mark.
    func passage(tokens: Int, style: Style, rng: inout SplitMix) -> String {
        var pieces: [String] = []
        var estimate = 0
        while estimate < tokens {
            let sentence = (rng.next() & 1 == 0) ? englishSentence(first: pieces.isEmpty, style: style, rng: &rng)
                                                  : chineseSentence(style: style, rng: &rng)
            for p in sentence {
                pieces.append(p)
                estimate += count(p)
                if estimate >= tokens { break }
            }
        }
        return fit(pieces, tokens: tokens)
    }

    private func englishSentence(first: Bool, style: Style, rng: inout SplitMix) -> [String] {
        let n = rng.int(in: 4...14)
        var words = (0..<n).map { i -> String in
            let w = rng.pick(TextMaker.english)
            return (i == 0 && first) ? w.capitalizedFirst : " " + (i == 0 ? w.capitalizedFirst : w)
        }
        words[words.count - 1] += style == .query ? "?" : "."
        return words
    }

    private func chineseSentence(style: Style, rng: inout SplitMix) -> [String] {
        let n = rng.int(in: 3...10)
        var words = (0..<n).map { _ in rng.pick(TextMaker.chinese) }
        words[words.count - 1] += style == .query ? "？" : (rng.next() % 3 == 0 ? "，" : "。")
        return words
    }

    /// Joins the pieces, dropping pieces from the end while the real count exceeds `tokens`.
    private func fit(_ pieces: [String], tokens: Int) -> String {
        var kept = pieces
        var text = kept.joined()
        while kept.count > 1, countTokens(text) > tokens {
            kept.removeLast()
            text = kept.joined()
        }
        return text
    }

    private func count(_ piece: String) -> Int {
        if let n = pieceCounts[piece] { return n }
        let n = countTokens(piece)
        pieceCounts[piece] = n
        return n
    }
}

private extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
