import Foundation
import RerankCore

/// A scorer that counts and records what it is asked to score. Score of a pair: the document's
/// length / 100, plus the instruction's length when it reads instructions, plus the position
/// when it depends on the collection.
final class CountingScorer: Scorer, @unchecked Sendable {
    struct Failure: Error {}

    let id: String
    let kind: String
    let fingerprint: String
    let dependsOnCollection: Bool
    let usesInstruction: Bool
    var fails = false
    private let lock = NSLock()
    private var received: [ScoreRequest] = []

    init(id: String = "fake", kind: String = "fake", fingerprint: String = "fake:v1",
         dependsOnCollection: Bool = false, usesInstruction: Bool = true) {
        self.id = id; self.kind = kind; self.fingerprint = fingerprint
        self.dependsOnCollection = dependsOnCollection; self.usesInstruction = usesInstruction
    }

    /// Every request received, in order.
    var requests: [ScoreRequest] { lock.lock(); defer { lock.unlock() }; return received }
    /// Pairs received so far.
    var pairs: Int { requests.reduce(0) { $0 + $1.documents.count } }

    private func record(_ requests: [ScoreRequest]) {
        lock.lock(); received.append(contentsOf: requests); lock.unlock()
    }

    func score(_ requests: [ScoreRequest]) async throws -> [[PairScore]] {
        if fails { throw Failure() }
        record(requests)
        return requests.map { request in
            request.documents.enumerated().map { position, document in
                var score = Double(document.count) / 100
                if usesInstruction { score += Double(request.instruction.count) }
                if dependsOnCollection { score += Double(position) }
                return PairScore(score: score, logit: score - 1, tokens: document.count, truncated: position == 2,
                                 seconds: 0.25)
            }
        }
    }
}

/// A fresh folder under the system temporary folder.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cache-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let sampleRequests = [
    ScoreRequest(instruction: "find songs", query: "breakup", documents: ["a sad song", "a happy song", "weather"]),
    ScoreRequest(instruction: "find songs", query: "rain", documents: ["weather", "umbrella"]),
]
