/// BPE merges: the pair of token ids (left, right) to the merge's rank (its position in
/// tokenizer.json, lower merges first) and the id of the merged token. Open addressing with
/// linear probing over two flat arrays, built once; lookups sit in the BPE inner loop.
struct MergeTable {
    struct Merge {
        var rank: UInt32
        var id: Int32
    }

    private static let empty = UInt64.max
    private var keys: [UInt64]     // [capacity] (left << 32 | right), empty when unused
    private var values: [UInt64]   // [capacity] (rank << 32 | merged id)
    private let shift: UInt64
    private(set) var count = 0

    init(capacityFor expected: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < expected * 2 { bits += 1 }
        keys = [UInt64](repeating: Self.empty, count: 1 << Int(bits))
        values = [UInt64](repeating: 0, count: 1 << Int(bits))
        shift = 64 - bits
    }

    @inline(__always)
    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Adds a merge; a pair listed twice keeps its last rank, as HF's merge map does.
    mutating func insert(left: Int32, right: Int32, rank: UInt32, id: Int32) {
        let key = Self.key(left, right)
        let mask = keys.count - 1
        var slot = slot(for: key)
        while keys[slot] != Self.empty {
            if keys[slot] == key {
                values[slot] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: id))
                return
            }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: id))
        count += 1
    }

    @inline(__always)
    func lookup(_ left: Int32, _ right: Int32) -> Merge? {
        let key = Self.key(left, right)
        let mask = keys.count - 1
        var slot = slot(for: key)
        while true {
            let found = keys[slot]
            if found == key {
                let value = values[slot]
                return Merge(rank: UInt32(value >> 32), id: Int32(truncatingIfNeeded: value))
            }
            if found == Self.empty { return nil }
            slot = (slot + 1) & mask
        }
    }
}
