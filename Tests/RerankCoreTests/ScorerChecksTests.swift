import XCTest
@testable import RerankCore

final class ScorerChecksTests: XCTestCase {
    /// A case with `labels.count` candidates; rankings as (scorer, instruction, scores), original query.
    func makeCase(_ slug: String, labels: [Int?], instructions: [String] = ["i1"],
                  rankings: [(String, String, [Double])]) -> CaseResult {
        let candidates = labels.enumerated().map { i, label in
            Candidate(index: i, text: "doc \(i)", label: label, location: SourceLocation(file: slug, line: i + 1))
        }
        let file = CaseFile(path: "\(slug).md", section: [], slug: slug, title: slug, tags: [], instructions: instructions,
                            draft: false, query: "q", rewrites: [], candidates: candidates, intro: "",
                            sections: [], sourceHash: "")
        return CaseResult(file: file, instructions: instructions, rankings: rankings.map { scorer, instruction, scores in
            makeRanking(scorer: scorer, instruction: instruction, variant: .query, scores: scores, pairs: [],
                        relevances: file.hasLabels ? file.relevances : nil)
        })
    }

    func card(_ id: String, model: String? = nil, readsInstruction: Bool = true) -> ScorerCard {
        ScorerCard(id: id, kind: "k", name: id, backend: "b", model: model, readsInstruction: readsInstruction)
    }

    func testParityFindsDeltasTauAndFlippedPairs() {
        let cases = [
            makeCase("a", labels: [1, 0, 0], rankings: [("native", "i1", [0.9, 0.5, 0.1]), ("http", "i1", [0.9, 0.5, 0.1])]),
            makeCase("b", labels: [1, 0, 0], rankings: [("native", "i1", [0.9, 0.50, 0.49]), ("http", "i1", [0.9, 0.48, 0.49])]),
        ]
        let report = parityReport(cases: cases, pair: ScorerPair(first: "native", second: "http"), reason: "r", tolerance: 0.01)
        XCTAssertEqual(report.pairs, 6)
        XCTAssertEqual(report.maxAbsDelta, 0.02, accuracy: 1e-12)
        XCTAssertEqual(report.meanAbsDelta, 0.02 / 6, accuracy: 1e-12)
        XCTAssertTrue(report.exceedsTolerance)
        XCTAssertEqual(report.cases.map(\.slug), ["a", "b"])
        XCTAssertEqual(report.cases[0].tau, 1)
        XCTAssertEqual(report.cases[0].flips, [])
        // Native ranks c1 above c2, http the other way round.
        XCTAssertEqual(report.cases[1].flips, [FlippedPair(first: 1, second: 2)])
        XCTAssertEqual(report.cases[1].tau ?? 0, 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(report.flipCount, 1)
        let relaxed = parityReport(cases: cases, pair: ScorerPair(first: "native", second: "http"), reason: "r", tolerance: 0.05)
        XCTAssertFalse(relaxed.exceedsTolerance)
    }

    func testParityPairsComeFromTheConfigurationAndFromTheSameModel() {
        let cards = [card("original"), card("native", model: "Qwen/Qwen3-Reranker-0.6B"),
                     card("vllm", model: "qwen/qwen3-reranker-0.6b"), card("other", model: "Qwen/Qwen3-Reranker-8B"),
                     card("llama")]
        let pairs = parityPairs(cards: cards, configured: [ScorerPair(first: "native", second: "llama"),
                                                           ScorerPair(first: "llama", second: "native")])
        XCTAssertEqual(pairs.map(\.pair), [ScorerPair(first: "native", second: "llama"), ScorerPair(first: "native", second: "vllm")])
        XCTAssertEqual(pairs[1].reason, "both run Qwen/Qwen3-Reranker-0.6B")
    }

    func testFlippedPairsAreCountedAllButKeptUpToTheLimit() {
        // A reversed ranking of 10 flips all 45 pairs; 20 are kept, the first scorer's best first.
        let first = Array(1...10), second = Array((1...10).reversed())
        let flips = flippedPairs(first, second, limit: flippedPairLimit)
        XCTAssertEqual(flips.count, 45)
        XCTAssertEqual(flips.pairs.count, 20)
        XCTAssertEqual(flips.pairs.prefix(3), [FlippedPair(first: 0, second: 1), FlippedPair(first: 0, second: 2), FlippedPair(first: 0, second: 3)])
        // Candidate 2 ranked first by the first scorer, last by the second.
        XCTAssertEqual(flippedPairs([2, 3, 1], [1, 2, 3]).pairs, [FlippedPair(first: 2, second: 0), FlippedPair(first: 2, second: 1)])
    }

    func testKendallTauIsUndefinedForConstantOrShortLists() {
        XCTAssertNil(kendallTauB([1], [1]))
        XCTAssertNil(kendallTauB([1, 2, 3], [0.5, 0.5, 0.5]))
        XCTAssertNil(kendallTauB([1, .nan], [1, 2]))
        XCTAssertEqual(kendallTauB([1, 2, 3], [3, 2, 1]), -1)
    }

    func testDegenerateScoresAreFoundPerCase() {
        let cases = [
            makeCase("flat", labels: [1, 0, 0], instructions: ["i1", "i2"], rankings: [
                ("server", "i1", [0.5, 0.5, 0.5]), ("server", "i2", [0.5, 0.5, 0.5]),
                ("native", "i1", [0.9, 0.2, 0.1]), ("native", "i2", [0.8, 0.3, 0.1]),
            ]),
            makeCase("nan", labels: [1, 0], rankings: [("server", "i1", [.nan, 0.2]), ("native", "i1", [0.7, 0.1])]),
            makeCase("single", labels: [1], rankings: [("server", "i1", [0.5]), ("native", "i1", [0.5])]),
        ]
        let found = findDegenerateScores(cases: cases, cards: [card("server"), card("native")], minStd: 1e-6)
        XCTAssertEqual(found, [
            DegenerateFinding(scorer: "server", kind: .constant, cases: ["flat"], casesChecked: 2),
            DegenerateFinding(scorer: "server", kind: .notANumber, cases: ["nan"], casesChecked: 3),
        ])  // constant scores are not also said to ignore the instruction
        // A near-constant threshold catches small spreads too; a scorer that does not read the
        // instruction is never said to ignore it.
        let loose = findDegenerateScores(cases: cases, cards: [card("server", readsInstruction: false), card("native")], minStd: 0.5)
        XCTAssertEqual(loose.map(\.kind), [.constant, .notANumber, .constant])
        XCTAssertEqual(loose[2].cases, ["flat", "nan"])
    }

    func testBaselinesAreNotChecked() {
        let cases = [makeCase("zeros", labels: [1, 0], rankings: [("bm25", "i1", [0, 0])])]
        var bm25 = card("bm25", readsInstruction: false)
        XCTAssertEqual(findDegenerateScores(cases: cases, cards: [bm25], minStd: 1e-6).map(\.kind), [.constant])
        bm25.isBaseline = true
        XCTAssertEqual(findDegenerateScores(cases: cases, cards: [bm25], minStd: 1e-6), [])
        XCTAssertTrue(BM25Scorer().card.isBaseline)
        XCTAssertTrue(OriginalOrderScorer().card.isBaseline)
    }

    func testIgnoredInstructionIsFoundWhereInstructionsDiffer() {
        let cases = [
            makeCase("two", labels: [1, 0], instructions: ["i1", "i2"], rankings: [
                ("server", "i1", [0.7, 0.2]), ("server", "i2", [0.7, 0.2]),
            ]),
        ]
        let found = findDegenerateScores(cases: cases, cards: [card("server")], minStd: 1e-6)
        XCTAssertEqual(found, [DegenerateFinding(scorer: "server", kind: .ignoresInstruction, cases: ["two"], casesChecked: 1)])
        var fixed = card("server")
        fixed.instruction = "always this"
        XCTAssertEqual(findDegenerateScores(cases: cases, cards: [fixed], minStd: 1e-6), [])
    }

    func testThresholdCurvePicksTheBestF1AndPoolsLabelledCases() {
        let curve = thresholdCurve(scorer: "s", scores: [0.9, 0.8, 0.8, 0.3, .nan], relevant: [true, false, true, true, true],
                                   relevantLabel: 1)
        XCTAssertEqual(curve?.pairs, 4)
        XCTAssertEqual(curve?.relevant, 3)
        XCTAssertEqual(curve?.points.map(\.threshold), [0.9, 0.8, 0.3])
        XCTAssertEqual(curve?.points.map(\.predicted), [1, 3, 4])
        XCTAssertEqual(curve?.points.map(\.truePositives), [1, 2, 3])
        // F1: 0.5, 0.667, 0.857 → the lowest threshold wins here.
        XCTAssertEqual(curve?.best.threshold, 0.3)
        XCTAssertEqual(curve?.best.f1 ?? 0, 6.0 / 7.0, accuracy: 1e-12)
        XCTAssertNil(thresholdCurve(scorer: "s", scores: [0.1, 0.2], relevant: [false, false], relevantLabel: 1))

        let cases = [
            makeCase("a", labels: [2, 1, nil], rankings: [("s", "i1", [0.9, 0.5, 0.1])]),
            makeCase("b", labels: [nil, nil], rankings: [("s", "i1", [0.9, 0.5])]),   // unlabelled: left out
        ]
        let curves = thresholdCurves(cases: cases, cards: [card("s")], relevantLabel: 2)
        XCTAssertEqual(curves.count, 1, "one instruction slot")
        XCTAssertEqual(curves.first?.pairs, 3)
        XCTAssertEqual(curves.first?.relevant, 1)
        XCTAssertEqual(curves.first?.best.threshold, 0.9)
        XCTAssertEqual(curves.first?.best.f1, 1)
    }

    func testThresholdsHaveACurvePerInstructionSlot() {
        let cases = [
            makeCase("a", labels: [1, 0], instructions: ["i1", "i2"],
                     rankings: [("s", "i1", [0.9, 0.1]), ("s", "i2", [0.2, 0.8]), ("blind", "i1", [0.6, 0.4]), ("blind", "i2", [0.6, 0.4])]),
            makeCase("b", labels: [0, 1, 0], instructions: ["j1"],
                     rankings: [("s", "j1", [0.3, 0.7, 0.1]), ("blind", "j1", [0.5, 0.5, 0.2])]),
        ]
        let curves = thresholdCurves(cases: cases, cards: [card("s"), card("blind", readsInstruction: false)], relevantLabel: 1)
        XCTAssertEqual(curves.map(\.scorer), ["s", "s", "blind"], "a scorer blind to the instruction has slot 1 only")
        XCTAssertEqual(curves.map(\.instruction), [1, 2, 1])
        // Slot 1 pools both cases' first instructions; slot 2 only the case that has a second.
        XCTAssertEqual(curves[0].pairs, 5)
        XCTAssertEqual(curves[0].best.f1, 1)
        XCTAssertEqual(curves[1].pairs, 2)
        XCTAssertEqual(curves[1].points.map(\.threshold), [0.8, 0.2])
        XCTAssertEqual(curves[1].best.threshold, 0.2, "under i2 the relevant candidate scores lowest")
    }

    func testParityCoversEveryInstructionSlotAndVariant() {
        func ranking(_ scorer: String, _ instruction: String, _ variant: RankingVariant, _ scores: [Double]) -> Ranking {
            makeRanking(scorer: scorer, instruction: instruction, variant: variant, scores: scores, pairs: [], relevances: [1, 0, 0])
        }
        var result = makeCase("a", labels: [1, 0, 0], instructions: ["i1", "i2"], rankings: [])
        result.rankings = [
            ranking("native", "i1", .query, [0.9, 0.5, 0.1]), ranking("http", "i1", .query, [0.9, 0.5, 0.1]),
            ranking("native", "i1", .rewrite(1), [0.2, 0.6, 0.3]), ranking("http", "i1", .rewrite(1), [0.2, 0.3, 0.6]),
            ranking("native", "i2", .query, [0.8, 0.4, 0.2]), ranking("http", "i2", .query, [0.8, 0.4, 0.25]),
            ranking("native", "i2", .fused(.max), [0.8, 0.6, 0.3]), ranking("http", "i2", .fused(.max), [0.8, 0.4, 0.6]),
            ranking("native", "i2", .rewrite(1), [0.1, 0.2, 0.3]),   // http has no such ranking: not compared
        ]
        let report = parityReport(cases: [result], pair: ScorerPair(first: "native", second: "http"), reason: "r", tolerance: 0.01)
        XCTAssertEqual(report.cases.map(\.instruction), [1, 1, 2, 2])
        XCTAssertEqual(report.cases.map(\.variant), [.query, .rewrite(1), .query, .fused(.max)])
        XCTAssertEqual(report.pairs, 12)
        XCTAssertEqual(report.maxAbsDelta, 0.3, accuracy: 1e-12)
        XCTAssertEqual(report.flipCount, 2, "rewrite 1 under i1 and the fused ranking under i2 each flip c1 and c2")
        let groups = report.groups
        XCTAssertEqual(groups.map(\.instruction), [1, 1, 2, 2])
        XCTAssertEqual(groups.map(\.variant), [.query, .rewrite(1), .query, .fused(.max)])
        XCTAssertEqual(groups[0].maxAbsDelta, 0)
        XCTAssertEqual(groups[2].maxAbsDelta, 0.05, accuracy: 1e-12)
        XCTAssertEqual(groups[2].meanAbsDelta, 0.05 / 3, accuracy: 1e-12)
        XCTAssertEqual(groups[3].flipCount, 1)
        XCTAssertEqual(groups[1].meanTau ?? 0, kendallTauB([0.2, 0.6, 0.3], [0.2, 0.3, 0.6]) ?? 9, accuracy: 1e-12)
    }

    func testWarningsNameScorersAndCases() {
        let cases = (1...7).map { n in
            makeCase("c\(n)", labels: [1, 0], rankings: [("flat", "i1", [0.5, 0.5]), ("a", "i1", [0.9, 0.1]), ("b", "i1", [0.1, 0.9])])
        }
        let checks = ScorerChecks(cases: cases, cards: [card("flat"), card("a", model: "m"), card("b", model: "M")],
                                  settings: ScorerCheckSettings(parityTolerance: 0.01))
        XCTAssertEqual(checks.warnings.count, 2)
        XCTAssertTrue(checks.warnings[0].hasPrefix("flat gives every candidate (nearly) the same score in 7 of 7 cases"))
        XCTAssertTrue(checks.warnings[0].hasSuffix(": c1, c2, c3, c4, c5 and 2 more"), checks.warnings[0])
        XCTAssertTrue(checks.warnings[1].hasPrefix("a and b (both run m) disagree: max |Δscore| 0.8 is above the tolerance 0.01"),
                      checks.warnings[1])
        XCTAssertEqual(checks.thresholds.map(\.scorer), ["flat", "a", "b"])
    }
}
