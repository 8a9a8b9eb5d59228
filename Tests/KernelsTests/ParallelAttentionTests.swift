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

    func testBalancingGivesEveryJobToOneWorker() {
        let plan = balanceJobs(costs: [10, 1, 5], kvHeads: 2, workers: 2)
        XCTAssertEqual(plan.flatMap { $0 }.sorted(), Array(0..<6))
        XCTAssertEqual(plan[0].first, 0)   // the costliest sequence's first kv head goes first
        XCTAssertEqual(plan[1].first, 1)
    }
}
