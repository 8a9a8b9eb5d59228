/// SHA-256 (FIPS 180-4), streaming. Used for cache keys, case-file hashes and checking
/// downloaded model files against the hub's etag.
public struct SHA256: Sendable {
    /// The eight working state words H0…H7.
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    private var h: State =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var block = [UInt8](repeating: 0, count: 64)  // pending bytes of the current block
    private var blockCount = 0
    private var totalBytes: UInt64 = 0

    static let k: [UInt32] = [  // round constants, FIPS 180-4 §4.2.2
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public init() {}

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        var i = 0
        let n = buffer.count
        totalBytes &+= UInt64(n)
        // Top up a partial block, then compress whole blocks straight from the caller's buffer.
        if blockCount > 0 {
            let take = min(64 - blockCount, n)
            for j in 0..<take { block[blockCount + j] = buffer[j] }
            blockCount += take; i = take
            if blockCount == 64 { compressPending() }
        }
        while n - i >= 64 { compress(base + i); i += 64 }
        while i < n { block[blockCount] = buffer[i]; blockCount += 1; i += 1 }
    }

    public mutating func update(_ string: String) {
        var s = string
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    public mutating func update(_ array: [UInt8]) {
        array.withUnsafeBytes { update($0) }
    }

    private mutating func compressPending() {
        let pending = block  // a copy: compress mutates self
        pending.withUnsafeBytes { if let p = $0.baseAddress { compress(p) } }
        blockCount = 0
    }

    /// One 64-byte block at `p`.
    private mutating func compress(_ p: UnsafeRawPointer) {
        h = SHA256.k.withUnsafeBufferPointer { k in SHA256.compress(h, p, k) }
    }

    /// The compression function (FIPS 180-4 §6.2.2): the message schedule on the stack, the
    /// rounds unrolled eight at a time with the working variables renamed rather than shifted.
    /// `referenceCompress` is the plain version; a test compares them.
    @inline(__always)
    static func compress(_ state: State, _ p: UnsafeRawPointer, _ k: UnsafeBufferPointer<UInt32>) -> State {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in  // [64] schedule words
            for t in 0..<16 { w[t] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self)) }
            for t in 16..<64 {
                let x = w[t - 15], y = w[t - 2]
                let s0 = x.rotr(7) ^ x.rotr(18) ^ (x >> 3)
                let s1 = y.rotr(17) ^ y.rotr(19) ^ (y >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = state
            var t = 0
            while t < 64 {
                round(a, b, c, &d, e, f, g, &hh, k[t] &+ w[t])
                round(hh, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                round(g, hh, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                round(f, g, hh, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                round(e, f, g, &hh, a, b, c, &d, k[t + 4] &+ w[t + 4])
                round(d, e, f, &g, hh, a, b, &c, k[t + 5] &+ w[t + 5])
                round(c, d, e, &f, g, hh, a, &b, k[t + 6] &+ w[t + 6])
                round(b, c, d, &e, f, g, hh, &a, k[t + 7] &+ w[t + 7])
                t += 8
            }
            return (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f,
                    state.6 &+ g, state.7 &+ hh)
        }
    }

    /// One round (FIPS 180-4 §6.2.2 step 3) with the variables renamed instead of shifted: of
    /// a…h only `d` (which becomes the new e) and `h` (the new a) change.
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32,
                              _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (e.rotr(6) ^ e.rotr(11) ^ e.rotr(25)) &+ (g ^ (e & (f ^ g))) &+ kw
        d = d &+ t1
        h = t1 &+ (a.rotr(2) ^ a.rotr(13) ^ a.rotr(22)) &+ ((a & b) | (c & (a | b)))
    }

    /// The plain compression function, one round after another as FIPS 180-4 writes it.
    static func referenceCompress(_ state: State, _ p: UnsafeRawPointer) -> State {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 {
                w[t] = UInt32(p.load(fromByteOffset: t * 4, as: UInt8.self)) << 24
                     | UInt32(p.load(fromByteOffset: t * 4 + 1, as: UInt8.self)) << 16
                     | UInt32(p.load(fromByteOffset: t * 4 + 2, as: UInt8.self)) << 8
                     | UInt32(p.load(fromByteOffset: t * 4 + 3, as: UInt8.self))
            }
            for t in 16..<64 {
                let s0 = SHA256.rotr(w[t - 15], 7) ^ SHA256.rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = SHA256.rotr(w[t - 2], 17) ^ SHA256.rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = state
            for t in 0..<64 {
                let s1 = SHA256.rotr(e, 6) ^ SHA256.rotr(e, 11) ^ SHA256.rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ SHA256.k[t] &+ w[t]
                let s0 = SHA256.rotr(a, 2) ^ SHA256.rotr(a, 13) ^ SHA256.rotr(a, 22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            return (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f,
                    state.6 &+ g, state.7 &+ hh)
        }
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// The 32-byte digest. Consumes a copy, so the hasher can keep going.
    public func finalize() -> [UInt8] {
        finalWords().flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (24 - 8 * UInt32($0))) } }
    }

    public func hexDigest() -> String { hexString(words: finalWords()) }

    /// The state words after the padding, on a copy, so the hasher can keep going.
    private func finalWords() -> [UInt32] {
        var copy = self
        copy.update(messagePadding(messageBytes: totalBytes))
        return [copy.h.0, copy.h.1, copy.h.2, copy.h.3, copy.h.4, copy.h.5, copy.h.6, copy.h.7]
    }

    /// Hex SHA-256 of a string's UTF-8 bytes.
    public static func hex(_ string: String) -> String { var s = SHA256(); s.update(string); return s.hexDigest() }
    /// Hex SHA-256 of bytes.
    public static func hex(_ bytes: [UInt8]) -> String { var s = SHA256(); s.update(bytes); return s.hexDigest() }
}

extension UInt32 {
    @inline(__always) fileprivate func rotr(_ n: UInt32) -> UInt32 { (self >> n) | (self << (32 - n)) }
}
