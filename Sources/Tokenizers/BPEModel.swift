import Foundation

/// tokenizer.json `model` of type BPE over a byte-level vocabulary: the tables, built once, and
/// the merge loop. Follows HF tokenizers' `Word::merge_all`: a min-heap of candidate merges keyed
/// by (rank, position), lazy deletion of stale entries, leftmost merge first among equal ranks.
struct BPEModel {
    let vocab: TokenTable            // token string (UTF-8, byte-level alphabet) -> id
    let merges: MergeTable
    let byteIDs: [Int32]             // [256] id of the single-byte token for each byte
    let tokenStrings: [String?]      // [maxID + 1] token string of each id
    let rawVocab: TokenTable?        // decoded bytes -> id, only when ignore_merges is set

    /// Reads `model` (type BPE) and builds the tables.
    init(_ json: JSONObject) throws {
        _ = try json.type(supported: ["BPE"])
        if let dropout = json.values["dropout"] as? NSNumber, dropout.doubleValue != 0 {
            throw TokenizerError(field: json.fieldPath("dropout"), "BPE dropout is not supported")
        }
        if try json.bool("byte_fallback", default: false) {
            throw TokenizerError(field: json.fieldPath("byte_fallback"), "byte_fallback true is not supported")
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let value = try json.optionalString(key), !value.isEmpty {
                throw TokenizerError(field: json.fieldPath(key), "a non-empty \(key) is not supported")
            }
        }
        let ignoreMerges = try json.bool("ignore_merges", default: false)

        // Vocabulary.
        guard let vocabJSON = json.values["vocab"] as? [String: Any] else {
            throw TokenizerError(field: json.fieldPath("vocab"), "expected an object of token: id")
        }
        var vocab = TokenTable(expectedCount: vocabJSON.count)
        var strings: [String?] = []
        strings.reserveCapacity(vocabJSON.count)
        for (token, value) in vocabJSON {
            guard let number = value as? NSNumber, let id = Int32(exactly: number.doubleValue), id >= 0 else {
                throw TokenizerError(field: json.fieldPath("vocab[\"\(token)\"]"), "expected a non-negative integer id")
            }
            vocab.insert(token.utf8, id: id)
            if Int(id) >= strings.count { strings += [String?](repeating: nil, count: Int(id) + 1 - strings.count) }
            if let previous = strings[Int(id)] {
                throw TokenizerError(field: json.fieldPath("vocab"), "id \(id) is given to both \"\(previous)\" and \"\(token)\"")
            }
            strings[Int(id)] = token
        }

        // The byte alphabet: every byte must have its token, so that BPE can start from bytes.
        var byteIDs = [Int32](repeating: 0, count: 256)
        for byte in 0..<256 {
            guard let id = vocab.id(of: ByteLevel.utf8(forByte: UInt8(byte))) else {
                throw TokenizerError(field: json.fieldPath("vocab"),
                                     "no token for byte 0x\(String(byte, radix: 16)); a byte-level vocabulary needs all 256")
            }
            byteIDs[byte] = id
        }

        // Merges, in priority order: "left right" strings or [left, right] pairs.
        let mergeList = try json.array("merges")
        var merges = MergeTable(capacityFor: mergeList.count)
        for (rank, item) in mergeList.enumerated() {
            let field = json.fieldPath("merges[\(rank)]")
            var ids: (Int32, Int32, Int32)?
            if var line = item as? String {
                ids = try line.withUTF8 { bytes -> (Int32, Int32, Int32)? in
                    guard let space = bytes.firstIndex(of: 0x20) else {
                        throw TokenizerError(field: field, "expected \"left right\", got \"\(String(decoding: bytes, as: UTF8.self))\"")
                    }
                    return Self.mergeIDs(vocab, UnsafeBufferPointer(rebasing: bytes[..<space]),
                                         UnsafeBufferPointer(rebasing: bytes[(space + 1)...]))
                }
            } else if let pair = item as? [Any], pair.count == 2, var left = pair[0] as? String, var right = pair[1] as? String {
                ids = left.withUTF8 { l in right.withUTF8 { r in Self.mergeIDs(vocab, l, r) } }
            } else {
                throw TokenizerError(field: field, "expected \"left right\" or [left, right]")
            }
            guard let (leftID, rightID, mergedID) = ids else {
                throw TokenizerError(field: field, "the merge or its parts are not in the vocabulary: \(item)")
            }
            merges.insert(left: leftID, right: rightID, rank: UInt32(rank), id: mergedID)
        }

        var rawVocab: TokenTable? = nil
        if ignoreMerges {
            var table = TokenTable(expectedCount: strings.count)
            for (id, token) in strings.enumerated() {
                if let token, let bytes = ByteLevel.bytes(of: token) { table.insert(bytes, id: Int32(id)) }
            }
            rawVocab = table
        }
        self.vocab = vocab
        self.merges = merges
        self.byteIDs = byteIDs
        self.tokenStrings = strings
        self.rawVocab = rawVocab
    }

    /// Ids of a merge's left part, right part and result, nil when one is not in the vocabulary.
    private static func mergeIDs(_ vocab: TokenTable, _ left: UnsafeBufferPointer<UInt8>,
                                 _ right: UnsafeBufferPointer<UInt8>) -> (Int32, Int32, Int32)? {
        guard let leftID = vocab.id(of: left), let rightID = vocab.id(of: right),
              let mergedID = vocab.id(of: left, right) else { return nil }
        return (leftID, rightID, mergedID)
    }

    /// Scratch buffers for the merge loop, reused across pieces of one encode.
    struct Scratch {
        var ids: [Int32] = []     // [symbols] token id, -1 once merged into its left neighbour
        var next: [Int32] = []    // [symbols] index of the next live symbol, or symbols
        var prev: [Int32] = []    // [symbols] index of the previous live symbol, or -1
        var heap = MergeHeap()
    }

    /// Appends the BPE ids of one piece (raw bytes; the byte-level mapping is implicit).
    func encode(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [Int32], scratch: inout Scratch) {
        let n = piece.count
        if n == 0 { return }
        if n == 1 {
            out.append(byteIDs[Int(piece[0])])
            return
        }
        if let rawVocab, let id = rawVocab.id(of: piece) {
            out.append(id)
            return
        }
        scratch.ids.removeAll(keepingCapacity: true)
        scratch.next.removeAll(keepingCapacity: true)
        scratch.prev.removeAll(keepingCapacity: true)
        scratch.heap.removeAll()
        for k in 0..<n {
            scratch.ids.append(byteIDs[Int(piece[k])])
            scratch.next.append(Int32(k + 1))
            scratch.prev.append(Int32(k - 1))
        }
        for k in 0..<(n - 1) {
            if let merge = merges.lookup(scratch.ids[k], scratch.ids[k + 1]) {
                scratch.heap.push(rank: merge.rank, position: Int32(k), id: merge.id)
            }
        }
        while let top = scratch.heap.pop() {
            let pos = Int(top.position)
            let left = scratch.ids[pos]
            if left < 0 { continue }                       // merged away
            let nextPos = Int(scratch.next[pos])
            if nextPos >= n { continue }                    // last symbol
            // A stale entry: the pair at this position changed since it was pushed.
            guard let merge = merges.lookup(left, scratch.ids[nextPos]), merge.id == top.id else { continue }
            scratch.ids[pos] = merge.id
            scratch.ids[nextPos] = -1
            let after = Int(scratch.next[nextPos])
            scratch.next[pos] = Int32(after)
            if after < n { scratch.prev[after] = Int32(pos) }
            let before = Int(scratch.prev[pos])
            if before >= 0, let m = merges.lookup(scratch.ids[before], merge.id) {
                scratch.heap.push(rank: m.rank, position: Int32(before), id: m.id)
            }
            if after < n, let m = merges.lookup(merge.id, scratch.ids[after]) {
                scratch.heap.push(rank: m.rank, position: Int32(pos), id: m.id)
            }
        }
        var k = 0
        while k < n {
            out.append(scratch.ids[k])
            k = Int(scratch.next[k])
        }
    }
}

/// Binary min-heap of candidate merges ordered by (rank, position): the lowest rank first and,
/// among equal ranks, the leftmost.
struct MergeHeap {
    struct Entry {
        var key: UInt64       // rank << 32 | position
        var id: Int32         // id the merge produces
        var rank: UInt32 { UInt32(key >> 32) }
        var position: Int32 { Int32(truncatingIfNeeded: key & 0xFFFF_FFFF) }
    }

    private var entries: [Entry] = []

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func push(rank: UInt32, position: Int32, id: Int32) {
        entries.append(Entry(key: UInt64(rank) << 32 | UInt64(UInt32(position)), id: id))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if entries[parent].key <= entries[child].key { break }
            entries.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return top }
        entries[0] = last
        var parent = 0
        let count = entries.count
        while true {
            let left = 2 * parent + 1
            if left >= count { break }
            var smallest = left
            if left + 1 < count, entries[left + 1].key < entries[left].key { smallest = left + 1 }
            if entries[parent].key <= entries[smallest].key { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
