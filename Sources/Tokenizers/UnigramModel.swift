import Foundation

/// tokenizer.json `model` of type Unigram (SentencePiece's unigram language model, HF
/// models/unigram): `vocab` is a list of [piece, log-probability]; a piece is cut into the
/// sequence of vocabulary pieces with the highest total score (Viterbi over every way of covering
/// it). A scalar that no single-scalar piece covers may still be covered as the unknown piece, at
/// the score HF gives it: the lowest score in the vocabulary minus 10. Adjacent unknown scalars
/// become one unknown token (HF's Unigram always fuses them). Ties keep the path found first, as
/// HF does (start positions left to right, shorter pieces first). byte_fallback is not supported.
struct UnigramModel: Sendable {
    private let table: TokenTable
    private let scores: [Double]          // [id]
    let unknownID: Int32
    let count: Int
    /// Longest piece, in bytes: no match can be longer.
    private let longestPiece: Int
    private let unknownScore: Double

    static let unknownPenalty = 10.0

    init(_ json: JSONObject) throws {
        _ = try json.type(supported: ["Unigram"])
        if try json.bool("byte_fallback", default: false) {
            throw TokenizerError(field: json.fieldPath("byte_fallback"), "byte_fallback true is not supported")
        }
        let vocab = try json.array("vocab")
        guard !vocab.isEmpty else { throw TokenizerError(field: json.fieldPath("vocab"), "the vocabulary is empty") }
        var pieces: [(String, Double)] = []
        pieces.reserveCapacity(vocab.count)
        for (index, item) in vocab.enumerated() {
            guard let pair = item as? [Any], pair.count == 2, let piece = pair[0] as? String,
                  let score = (pair[1] as? NSNumber)?.doubleValue, score.isFinite else {
                throw TokenizerError(field: json.fieldPath("vocab[\(index)]"), "expected [piece, score]")
            }
            pieces.append((piece, score))
        }
        guard !json.isNull("unk_id") else {
            throw TokenizerError(field: json.fieldPath("unk_id"), "null is not supported (text with an unknown character could not be encoded)")
        }
        let unk = try json.int("unk_id")
        guard unk >= 0, unk < pieces.count else {
            throw TokenizerError(field: json.fieldPath("unk_id"), "\(unk) is not an index of the \(pieces.count)-piece vocabulary")
        }
        var table = TokenTable(expectedCount: pieces.count)
        // A piece listed twice maps to its last id, as in HF's piece → id map.
        for id in pieces.indices.reversed() { table.insert(pieces[id].0.utf8, id: Int32(id)) }
        self.table = table
        scores = pieces.map(\.1)
        unknownID = Int32(unk)
        count = pieces.count
        longestPiece = pieces.map { $0.0.utf8.count }.max() ?? 1
        unknownScore = (scores.min() ?? 0) - Self.unknownPenalty
    }

    /// Id of a piece as written ("▁the"), if it is in the vocabulary.
    func id(of piece: String) -> Int32? { table.id(of: piece.utf8) }

    /// Appends the ids of one pre-tokenized piece to `out`.
    func encode(_ piece: String.UnicodeScalarView, into out: inout [Int32]) {
        var bytes: [UInt8] = []
        var boundaries: [Int] = [0]   // byte offset after each scalar
        for scalar in piece {
            UTF8.encode(scalar) { bytes.append($0) }
            boundaries.append(bytes.count)
        }
        let n = boundaries.count - 1
        guard n > 0 else { return }
        // best[k]: the best path over the first k scalars: score, where its last token starts, its id.
        var score = [Double](repeating: 0, count: n + 1)
        var from = [Int](repeating: -1, count: n + 1)
        var token = [Int32](repeating: 0, count: n + 1)
        bytes.withUnsafeBufferPointer { buffer in
            for start in 0..<n {
                let base = score[start]
                var single = false
                var end = start + 1
                while end <= n, boundaries[end] - boundaries[start] <= longestPiece {
                    if let id = table.id(of: UnsafeBufferPointer(rebasing: buffer[boundaries[start]..<boundaries[end]])) {
                        let candidate = scores[Int(id)] + base
                        if from[end] < 0 || candidate > score[end] {
                            score[end] = candidate; from[end] = start; token[end] = id
                        }
                        if end == start + 1 { single = true }
                    }
                    end += 1
                }
                if !single {
                    let candidate = unknownScore + base
                    if from[start + 1] < 0 || candidate > score[start + 1] {
                        score[start + 1] = candidate; from[start + 1] = start; token[start + 1] = unknownID
                    }
                }
            }
        }
        // Walk back; runs of unknown tokens become one, looked up as the text they cover.
        var reversed: [Int32] = []
        var end = n
        var unknownRunStart: Int? = nil, unknownRunEnd = 0
        func closeRun() {
            guard let s = unknownRunStart else { return }
            reversed.append(table.id(of: bytes[boundaries[s]..<boundaries[unknownRunEnd]]) ?? unknownID)
            unknownRunStart = nil
        }
        while end > 0 {
            let start = from[end]
            if token[end] == unknownID {
                if unknownRunStart == nil { unknownRunEnd = end }
                unknownRunStart = start
            } else {
                closeRun()
                reversed.append(token[end])
            }
            end = start
        }
        closeRun()
        out += reversed.reversed()
    }
}
