/// Scoring whole prompts: the request-level plan over `Qwen3Model`'s two steps.
extension Qwen3Model {
    /// Rows per stacked pass: large enough for efficient GEMMs, small enough to bound scratch
    /// (a longer single prompt still runs alone in one pass).
    static let defaultBatchRows = 1024

    /// logit_yes − logit_no at the last token of each prompt, in order. The longest common token
    /// prefix of all prompts (leaving each at least one own token) is computed once; the rest of
    /// each prompt runs in stacked passes of at most `batchRows` rows.
    func logits(prompts: [[Int32]], batchRows: Int = Qwen3Model.defaultBatchRows) -> [Double] {
        guard let first = prompts.first else { return [] }
        let shortest = prompts.map(\.count).min() ?? 0
        var shared = 0
        while shared < shortest - 1, prompts.allSatisfy({ $0[shared] == first[shared] }) { shared += 1 }
        if prompts.count == 1 { shared = 0 }   // nothing to share: one plain pass
        setPrefix(first[0..<shared])

        var results = [Double](repeating: 0, count: prompts.count)
        var batch: [Int] = [], rows = 0
        func flush() {
            if batch.isEmpty { return }
            let out = logits(of: batch.map { prompts[$0][shared...] })
            for (i, value) in zip(batch, out) { results[i] = value }
            batch.removeAll(keepingCapacity: true); rows = 0
        }
        for (i, prompt) in prompts.enumerated() {
            let own = prompt.count - shared
            if rows > 0 && rows + own > batchRows { flush() }
            batch.append(i); rows += own
        }
        flush()
        return results
    }

    /// The plain path: every prompt alone, all of its tokens from position 0, nothing shared.
    func logitsOneByOne(prompts: [[Int32]]) -> [Double] {
        prompts.map { prompt in
            setPrefix([])
            return logits(of: [prompt[...]])[0]
        }
    }
}
