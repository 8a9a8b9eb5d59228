import XCTest
@testable import Kernels

final class ParallelAttentionTests: XCTestCase {
    /// Packed sequences over several workers give exactly what `causalAttention` gives per sequence.
    func testPackedMatchesPerSequenceAttention() {
        var rng = TestRandom(seed: 21)
        let shape = AttentionShape(heads: 4, kvHeads: 2, headDim: 16)
        for prefix in [0, 9] {
            let lengths = [5, 1, 140, 33]
            let rows = lengths.reduce(0, +)
            var sequences: [Range<Int>] = []
            var start = 0
            for n in lengths { sequences.append(start..<(start + n)); start += n }
            let q = rng.floats(rows * shape.queryWidth, scale: 2)
            let k = rng.floats(rows * shape.kvWidth, scale: 2), v = rng.floats(rows * shape.kvWidth)
            let pk = rng.floats(max(prefix, 1) * shape.kvWidth, scale: 2), pv = rng.floats(max(prefix, 1) * shape.kvWidth)

            var expected = [Float](repeating: .nan, count: rows * shape.queryWidth)
            var scratch = [Float](repeating: 0, count: attentionScratchCount(tokens: 140, prefixLength: prefix, shape: shape))
            // Each sequence sees its own number of cached rows (an extension segment sees fewer).
            let prefixes = sequences.indices.map { i in prefix == 0 ? 0 : [prefix, prefix - 4, 2, prefix][i] }
            for (seq, seqPrefix) in zip(sequences, prefixes) {
                let qw = shape.queryWidth, kvw = shape.kvWidth
                let qs = Array(q[(seq.lowerBound * qw)..<(seq.upperBound * qw)])
                let ks = Array(k[(seq.lowerBound * kvw)..<(seq.upperBound * kvw)])
                let vs = Array(v[(seq.lowerBound * kvw)..<(seq.upperBound * kvw)])
                var outs = [Float](repeating: .nan, count: seq.count * qw)
                pk.withUnsafeBufferPointer { pkp in
                    pv.withUnsafeBufferPointer { pvp in
                        causalAttention(out: &outs, q: qs, prefixKeys: seqPrefix > 0 ? pkp.baseAddress : nil,
                                        prefixValues: seqPrefix > 0 ? pvp.baseAddress : nil, prefixLength: seqPrefix,
                                        keys: ks, values: vs, tokens: seq.count, shape: shape, scratch: &scratch)
                    }
                }
                expected.replaceSubrange((seq.lowerBound * qw)..<(seq.upperBound * qw), with: outs)
            }
            let workspace = AttentionWorkspace()
            for workers in [1, 2, 3] {
                var got = [Float](repeating: .nan, count: rows * shape.queryWidth)
                let plan = AttentionPlan(sequences: zip(sequences, prefixes).map { AttentionSequence(rows: $0, keyRow: $0.lowerBound, prefixLength: $1) },
                                         kvHeads: shape.kvHeads, workers: workers)
                pk.withUnsafeBufferPointer { pkp in
                    pv.withUnsafeBufferPointer { pvp in
                        causalAttentionPacked(out: &got, q: q,
                                              prefix: prefix > 0 ? .fp32(keys: pkp.baseAddress!, values: pvp.baseAddress!) : nil,
                                              keys: k, values: v, shape: shape, plan: plan, workspace: workspace)
                    }
                }
                assertClose(got, expected, tolerance: 0, "packed attention, prefix \(prefix), \(workers) workers")
            }
        }
    }

    /// Sequences that share rows of the pass (a request's query computed once for its documents) get
    /// what `causalAttention` gives each with the segments [prefix, shared rows], in fp32 and bf16.
    func testSharedRowsAreASegmentAfterThePrefix() {
        var rng = TestRandom(seed: 23)
        let shape = AttentionShape(heads: 4, kvHeads: 2, headDim: 16)
        let qw = shape.queryWidth, kvw = shape.kvWidth
        // A head of 7 rows, two tails that continue it, a plain sequence, a one-row tail.
        let sequences = [
            AttentionSequence(rows: 0..<7, keyRow: 0, prefixLength: 9),
            AttentionSequence(rows: 7..<19, keyRow: 7, prefixLength: 9, sharedRows: 0..<7),
            AttentionSequence(rows: 19..<20, keyRow: 19, prefixLength: 9, sharedRows: 0..<7),
            AttentionSequence(rows: 20..<85, keyRow: 20, prefixLength: 9),
            AttentionSequence(rows: 85..<86, keyRow: 85, prefixLength: 9, sharedRows: 0..<7),
        ]
        let rows = 86, prefix = 9
        let q = rng.floats(rows * qw, scale: 2)
        let k = rng.floats(rows * kvw, scale: 2), v = rng.floats(rows * kvw)
        let pk = rng.floats(prefix * kvw, scale: 2), pv = rng.floats(prefix * kvw)
        var kernels: [ArithmeticDescription.Kernel] = [.sgemm, .emulatedBF16]
        if BF16Kernels.available { kernels.append(.avx512bf16) }
        for kernel in kernels {
            var expected = [Float](repeating: .nan, count: rows * qw)
            var scratch = [Float](repeating: 0, count: attentionScratchCount(tokens: 65, prefixLength: prefix + 7,
                                                                             shape: shape, kernel: kernel))
            k.withUnsafeBufferPointer { kp in
                v.withUnsafeBufferPointer { vp in
                    pk.withUnsafeBufferPointer { pkp in
                        pv.withUnsafeBufferPointer { pvp in
                            let cache = KeyValueRows.fp32(keys: pkp.baseAddress!, values: pvp.baseAddress!)
                            for seq in sequences {
                                let segments = seenSegments(prefix: cache, prefixLength: prefix, sharedRows: seq.sharedRows,
                                                            keys: kp.baseAddress!, values: vp.baseAddress!, kvWidth: kvw)
                                XCTAssertEqual(segments.map(\.length), seq.sharedRows.isEmpty ? [9] : [9, 7])
                                var outs = [Float](repeating: .nan, count: seq.rows.count * qw)
                                let r = seq.rows.lowerBound
                                causalAttention(out: &outs, q: Array(q[(r * qw)..<(seq.rows.upperBound * qw)]),
                                                segments: segments, keys: kp.baseAddress! + r * kvw,
                                                values: vp.baseAddress! + r * kvw, tokens: seq.rows.count,
                                                shape: shape, scratch: &scratch, kernel: kernel)
                                expected.replaceSubrange((r * qw)..<(seq.rows.upperBound * qw), with: outs)
                            }
                            for workers in [1, 2] {
                                var got = [Float](repeating: .nan, count: rows * qw)
                                let plan = AttentionPlan(sequences: sequences, kvHeads: shape.kvHeads, workers: workers)
                                causalAttentionPacked(out: &got, q: q, prefix: cache, keys: kp.baseAddress!,
                                                      values: vp.baseAddress!, shape: shape, plan: plan,
                                                      workspace: AttentionWorkspace(), kernel: kernel)
                                assertClose(got, expected, tolerance: 0, "\(kernel), \(workers) workers")
                            }
                        }
                    }
                }
            }
            // A tail that sees the head's rows is the same as one sequence of head and tail together.
            let whole = AttentionSequence(rows: 0..<19, keyRow: 0, prefixLength: 9)
            var together = [Float](repeating: .nan, count: rows * qw)
            pk.withUnsafeBufferPointer { pkp in
                pv.withUnsafeBufferPointer { pvp in
                    causalAttentionPacked(out: &together, q: q, prefix: .fp32(keys: pkp.baseAddress!, values: pvp.baseAddress!),
                                          keys: k, values: v, shape: shape,
                                          plan: AttentionPlan(sequences: [whole], kvHeads: shape.kvHeads, workers: 1),
                                          workspace: AttentionWorkspace(), kernel: kernel)
                }
            }
            let tolerance: Float = kernel == .sgemm ? 1e-5 : 1e-2
            assertClose(Array(expected[(7 * qw)..<(19 * qw)]), Array(together[(7 * qw)..<(19 * qw)]),
                        tolerance: tolerance, "\(kernel): shared rows vs one sequence")
        }
    }

    func testBalancingGivesEveryJobToOneWorker() {
        let plan = balanceJobs(costs: [10, 1, 5], kvHeads: 2, workers: 2)
        XCTAssertEqual(plan.flatMap { $0 }.sorted(), Array(0..<6))
        XCTAssertEqual(plan[0].first, 0)   // the costliest sequence's first kv head goes first
        XCTAssertEqual(plan[1].first, 1)
    }
}
