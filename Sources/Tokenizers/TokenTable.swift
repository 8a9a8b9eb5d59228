/// Token strings (their UTF-8 bytes) to ids: an open-addressing hash table over one byte arena,
/// built once. It avoids hashing Swift Strings, whose hashing normalizes Unicode and is slow.
struct TokenTable {
    private var arena: [UInt8] = []
    private var starts: [Int32] = [0]   // [entries + 1] offsets into arena
    private var ids: [Int32] = []        // [entries]
    private var slots: [Int32]           // [capacity] entry index or -1
    private var mask: Int

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        arena.reserveCapacity(expectedCount * 8)
        starts.reserveCapacity(expectedCount + 1)
        ids.reserveCapacity(expectedCount)
    }

    var count: Int { ids.count }

    /// Adds a token; returns false (and changes nothing) when it is already present.
    @discardableResult
    mutating func insert<C: Collection>(_ bytes: C, id: Int32) -> Bool where C.Element == UInt8 {
        if slots.count < (count + 1) * 2 { grow() }
        var slot = Self.hash(bytes) & mask
        while slots[slot] >= 0 {
            if entryEquals(Int(slots[slot]), bytes) { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(ids.count)
        arena.append(contentsOf: bytes)
        starts.append(Int32(arena.count))
        ids.append(id)
        return true
    }

    func id<C: Collection>(of bytes: C) -> Int32? where C.Element == UInt8 {
        var slot = Self.hash(bytes) & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if entryEquals(entry, bytes) { return ids[entry] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Id of the token spelled by `first` followed by `second`.
    func id(of first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Int32? {
        var h = Self.fnvBasis
        for byte in first { h = (h ^ UInt64(byte)) &* Self.fnvPrime }
        for byte in second { h = (h ^ UInt64(byte)) &* Self.fnvPrime }
        var slot = Self.finish(h) & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            let start = Int(starts[entry])
            if Int(starts[entry + 1]) - start == first.count + second.count
                && arena[start..<(start + first.count)].elementsEqual(first)
                && arena[(start + first.count)..<Int(starts[entry + 1])].elementsEqual(second) {
                return ids[entry]
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private func entryEquals<C: Collection>(_ entry: Int, _ bytes: C) -> Bool where C.Element == UInt8 {
        let start = Int(starts[entry]), end = Int(starts[entry + 1])
        guard end - start == bytes.count else { return false }
        var i = start
        for byte in bytes {
            if arena[i] != byte { return false }
            i += 1
        }
        return true
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var fresh = [Int32](repeating: -1, count: capacity)
        for entry in 0..<ids.count {
            let bytes = arena[Int(starts[entry])..<Int(starts[entry + 1])]
            var slot = Self.hash(bytes) & (capacity - 1)
            while fresh[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            fresh[slot] = Int32(entry)
        }
        slots = fresh
        mask = capacity - 1
    }

    /// FNV-1a, 64-bit, with the high bits folded in.
    private static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    private static func hash<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var h = fnvBasis
        for byte in bytes { h = (h ^ UInt64(byte)) &* fnvPrime }
        return finish(h)
    }

    @inline(__always)
    private static func finish(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h ^ (h >> 29)) }
}
