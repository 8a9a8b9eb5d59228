import Foundation

/// `rerank-site init DIR`: a new project with a config and two example cases. The theme is not
/// copied: the built-in one is used until `rerank-site theme eject FILE` puts a template in the
/// project's templates/ to override it (`ThemeFiles`). It only adds files: one already there is
/// kept as it is, and a file where a folder belongs stops it with a plain message.
public enum ProjectInit {
    public static func create(at dir: URL) throws -> [String] {
        let fm = FileManager.default
        let config = dir.appendingPathComponent("rerank-site.yml")
        if fm.fileExists(atPath: config.path) {
            throw BuildError(.badInput, step: "init", "\(config.path) already exists; not overwriting a project")
        }
        let files: [(String, String)] = [
            ("rerank-site.yml", configText),
            (".gitignore", "site/\n.rerank-site/\n"),
            ("inputs/examples/lyrics-breakup.md", lyricsCase),
            ("inputs/examples/phone-battery.md", productCase),
        ]
        // Every file in the way first, so that nothing is written when init cannot finish.
        let blocked = Set(files.compactMap { OutputSafety.fileOnPath(to: dir.appendingPathComponent($0.0).path) })
        if !blocked.isEmpty {
            throw BuildError(.badInput, step: "init", messages: blocked.sorted().map {
                "\($0) is a file where init needs a folder; move it away or init another folder (nothing was written)"
            })
        }
        var written: [String] = []
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            if fm.fileExists(atPath: url.path) { continue }
            do { try writeFileAtomically(Data(text.utf8), to: url) } catch {
                throw BuildError(.io, step: "init", "cannot write \(url.path): \(plainReason(error))")
            }
            written.append(path)
        }
        return written
    }

    static let configText = """
    # rerank-site configuration. Paths are relative to this file.
    title: My rerank cases
    # base_url: https://example.org/reranking/   # optional: absolute URL where the site is published
    input: inputs
    output: site
    cache: .rerank-site/cache.sqlite
    # The instruction for cases that set none (the Qwen3-Reranker default):
    instruction: Given a web search query, retrieve relevant passages that answer the query
    fusion: max            # how scores of a query and its rewrites combine: max, mean or rrf
    scorers:               # the first one is the baseline that movements are measured against
      - id: original
        kind: original
      - id: bm25
        kind: bm25
    # The native reranker (weights from the Hugging Face cache; `rerank-site models pull` fetches them,
    # a build never downloads unless run with --pull; `optional: true` shows it as "not run" until then):
    #  - id: qwen3-0.6b
    #    kind: qwen3-reranker
    #    model: qwen3-reranker-0.6b
    #    max_length: 8192
    #    optional: true
    # A rerank server (vLLM, TEI, llama.cpp, Jina/Cohere-style):
    #  - id: vllm-8b
    #    kind: http
    #    endpoint: http://127.0.0.1:8000/v1/rerank
    #    model: Qwen/Qwen3-Reranker-8B
    #    flavour: jina

    """

    static let lyricsCase = """
    ---
    title: 分手后不想哭，想笑得洒脱
    tags: [music, emotion]
    instruction: Given a lyric search query, retrieve lyrics that match the mood the user describes
    ---

    A mood query: the user wants lyrics about laughing through a breakup, not advice about it.

    ## Query

    分手后不想哭，想笑得洒脱

    ## Candidates

    1. 失恋是成长的必经之路，请保持积极心态 {rel=0}

       > Advice, not a lyric; shares the topic but not the mood.

    2. 我笑着挥手说再见，眼泪却在转身时决堤 {rel=3}

       > Laughing and crying in one image: exactly the mood.

    3. 把戒指扔进海里，浪花替我大笑三声 {rel=2}
    4. 分手快乐，祝你快乐，你可以找到更好的 {rel=3}

    ## Takeaways

    Keyword overlap favours the advice text; a reranker should lift the lyrics that carry the mood.

    """

    static let productCase = """
    ---
    title: Phone with a battery that lasts two days
    tags: [ecommerce]
    instruction: Given a shopping query, retrieve product listings that satisfy every constraint in the query
    ---

    An attribute constraint: every candidate is a phone, only some meet the battery claim.

    ## Query

    phone with a battery that lasts two days

    ## Candidates

    1. Phone case with built-in battery, adds 60% charge {rel=0}

       > Right words, wrong product: an accessory.

    2. 6.1" smartphone, 3,200 mAh battery, all-day use {rel=1}
    3. Rugged smartphone with 6,000 mAh battery, up to 2 days per charge {rel=3}
    4. Budget phone, 5,000 mAh, 48 hours of mixed use in our tests {rel=3}

    """
}

