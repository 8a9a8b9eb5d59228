import Kernels
/// Scoring whole prompts: the request-level plan over `Qwen3Model.run`.
extension Qwen3Model {
    /// Most token rows stacked into one pass: large enough for efficient GEMMs and to spread the
    /// per-pass cost of widening bf16 weights, small enough to bound scratch memory.
    static let defaultBatchRows = 2048

    /// logit_yes − logit_no at the last token of each prompt, in order.
    ///
    /// The longest common token prefix of the prompts (leaving each at least one own token; all but
    /// the last token of a lone prompt) is computed once, and only where the cache does not already
    /// hold it: the system text stays cached from one query to the next. The prompts' own tokens
    /// run in passes of at most `batchRows` rows, sized evenly; the first pass also carries the
    /// uncached part of the prefix. A prompt whose own part is longer than a pass streams through
    /// in chunks: all but its last chunk extend the cache, which is cut back afterwards.
    func logits(prompts: [[Int32]], batchRows: Int = Qwen3Model.defaultBatchRows) -> [Double] {
        logits(groups: [prompts], batchRows: batchRows)
    }

    /// The same plan, reading each prompt's last token through `readout` (see `run(…readout:)`):
    /// Qwen3-Embedding's vectors come this way, with the same sharing and streaming.
    func lastTokens<T>(prompts: [[Int32]], batchRows: Int = Qwen3Model.defaultBatchRows,
                       readout: (UnsafePointer<Float>) -> T) -> [T] {
        lastTokens(groups: [prompts], batchRows: batchRows, readout: readout)
    }

    /// logit_yes − logit_no at the last token of every prompt of every group (a request's prompts),
    /// groups in order, by the plan of `logits(prompts:)` over all of them, where besides the
    /// beginning all prompts share, each group's own common beginning (its query) is computed once
    /// in the pass that runs its prompts instead of once per prompt.
    func logits(groups: [[[Int32]]], batchRows: Int = Qwen3Model.defaultBatchRows) -> [Double] {
        let h = config.hiddenSize
        return lastTokens(groups: groups, batchRows: batchRows) { Double(dot($0, classifier, count: h)) }
    }

    /// The plan with any readout. Groups of one prompt share only what all prompts share.
    func lastTokens<T>(groups: [[[Int32]]], batchRows: Int = Qwen3Model.defaultBatchRows,
                       readout: (UnsafePointer<Float>) -> T) -> [T] {
        let prompts = groups.flatMap { $0 }
        guard let first = prompts.first else { return [] }
        let limit = max(batchRows, 1)
        let shared = Qwen3Model.sharedPrefixLength(of: prompts)
        let cached = keepCachedPrefix(of: first[0..<shared])
        var pending = first[cached..<shared]
        // Cache the prefix alone where it fills passes by itself.
        while pending.count > limit {
            _ = run(extending: pending.prefix(limit), sequences: [], readout: readout)
            pending = pending.dropFirst(limit)
        }

        // Pieces of work: a group's prompts that fit a pass, behind their head (what they share
        // beyond `shared`); a prompt whose own part is longer than a pass streams through alone.
        var pieces: [(head: ArraySlice<Int32>, members: [Int])] = []
        var long: [Int] = []
        var index = 0
        for group in groups {
            let members = Array(index..<(index + group.count))
            index += group.count
            let short = members.filter { prompts[$0].count - shared <= limit }
            long += members.filter { prompts[$0].count - shared > limit }
            let groupShared = short.count > 1 ? Qwen3Model.sharedPrefixLength(of: short.map { prompts[$0] }) : shared
            guard groupShared > shared, let firstMember = short.first else {
                pieces += short.map { (head: [], members: [$0]) }
                continue
            }
            let head = prompts[firstMember][shared..<groupShared]
            var piece: [Int] = [], rows = head.count
            for i in short {
                let own = prompts[i].count - groupShared
                if !piece.isEmpty && rows + own > limit {
                    pieces.append((head, piece))
                    piece = []
                    rows = head.count
                }
                piece.append(i)
                rows += own
            }
            pieces.append((head, piece))
        }
        // A piece of one prompt needs no head: its head is part of its own tokens.
        func group(_ piece: (head: ArraySlice<Int32>, members: [Int])) -> SequenceGroup {
            let start = shared + (piece.members.count > 1 ? piece.head.count : 0)
            return SequenceGroup(head: piece.members.count > 1 ? piece.head : [],
                                 tails: piece.members.map { prompts[$0][start...] })
        }

        var results = [T?](repeating: nil, count: prompts.count)
        // Even passes: as many as the rows need, each about the same size.
        let passGroups = pieces.map(group)
        let total = pending.count + passGroups.reduce(0) { $0 + $1.rows }
        let passCount = (total + limit - 1) / limit
        let target = passCount > 0 ? (total + passCount - 1) / passCount : 0
        var batch: [SequenceGroup] = [], members: [Int] = [], rows = pending.count
        func flush() {
            if batch.isEmpty && pending.isEmpty { return }
            let out = run(extending: pending, groups: batch, readout: readout)
            for (i, value) in zip(members, out) { results[i] = value }
            pending = pending[pending.endIndex...]
            batch.removeAll(keepingCapacity: true)
            members.removeAll(keepingCapacity: true)
            rows = 0
        }
        for (piece, g) in zip(pieces, passGroups) {
            if !batch.isEmpty && (rows + g.rows > limit || rows >= target) { flush() }
            batch.append(g)
            members += piece.members
            rows += g.rows
        }
        flush()
        for i in long {
            results[i] = streamLongPrompt(prompts[i], shared: shared, chunk: limit, readout: readout)
        }
        return results.compactMap { $0 }   // every index was filled: the pieces and `long` cover them all
    }

    /// The tokens every prompt begins with, leaving each at least one of its own (all but the last
    /// token of a lone prompt): what `logits` computes once for all of them.
    static func sharedPrefixLength(of prompts: [[Int32]]) -> Int {
        guard let first = prompts.first else { return 0 }
        let shortest = prompts.map(\.count).min() ?? 0
        var shared = 0
        while shared < shortest - 1, prompts.allSatisfy({ $0[shared] == first[shared] }) { shared += 1 }
        return shared
    }

    /// A prompt whose part after the shared prefix is longer than a pass: every chunk but the last
    /// extends the cache, the last runs as a sequence; then the cache is cut back to the prefix.
    private func streamLongPrompt<T>(_ prompt: [Int32], shared: Int, chunk: Int,
                                     readout: (UnsafePointer<Float>) -> T) -> T? {
        var position = shared
        while prompt.count - position > chunk {
            _ = run(extending: prompt[position..<(position + chunk)], sequences: [], readout: readout)
            position += chunk
        }
        let value = run(extending: [], sequences: [prompt[position...]], readout: readout).first
        _ = keepCachedPrefix(of: prompt[0..<shared])
        return value
    }

    /// The plain path: every prompt alone in one pass, all of its tokens from position 0, nothing
    /// shared or cached. The reference the fast path is checked against.
    func logitsOneByOne(prompts: [[Int32]]) -> [Double] {
        let h = config.hiddenSize
        return lastTokensOneByOne(prompts: prompts) { Double(dot($0, classifier, count: h)) }
    }

    /// The plain path with any readout.
    func lastTokensOneByOne<T>(prompts: [[Int32]], readout: (UnsafePointer<Float>) -> T) -> [T] {
        prompts.compactMap { prompt in
            _ = keepCachedPrefix(of: [])
            return run(extending: [], sequences: [prompt[...]], readout: readout).first
        }
    }
}
