import Foundation

/// Git's object id for a file: SHA-1 over "blob <size>\0" and the bytes (`git hash-object`).
/// The hub's etag of a small, non-LFS file is this hash; huggingface_hub's `hf cache verify`
/// checks small files the same way (utils/sha.py git_hash).
struct GitBlobHash {
    private var sha = SHA1()

    init(size: Int64) {
        sha.update(Array("blob \(size)\0".utf8))
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) { sha.update(bytes) }

    func hexDigest() -> String { sha.hexDigest() }

    /// The git blob hash of a whole file, read in 1 MiB chunks.
    static func ofFile(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        var hash = GitBlobHash(size: Int64(size))
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hash.update($0) }
        }
        return hash.hexDigest()
    }
}

/// SHA-1 (FIPS 180-4), streaming; only for git object ids, never for security.
struct SHA1 {
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0)
    private var block = [UInt8](repeating: 0, count: 64)  // pending bytes of the current block
    private var blockCount = 0
    private var totalBytes: UInt64 = 0
    private var w = [UInt32](repeating: 0, count: 80)    // message schedule, reused per block

    mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        totalBytes &+= UInt64(buffer.count)
        for byte in buffer {
            block[blockCount] = byte
            blockCount += 1
            if blockCount == 64 { compress(); blockCount = 0 }
        }
    }

    private mutating func compress() {
        for t in 0..<16 {
            w[t] = UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16
                | UInt32(block[4 * t + 2]) << 8 | UInt32(block[4 * t + 3])
        }
        for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
        var (a, b, c, d, e) = h
        for t in 0..<80 {
            let (f, k): (UInt32, UInt32)
            switch t {
            case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A827999)
            case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9EBA1)
            case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
            default: (f, k) = (b ^ c ^ d, 0xCA62C1D6)
            }
            let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
            e = d; d = c; c = rotl(b, 30); b = a; a = temp
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
    }

    @inline(__always) private func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }

    func hexDigest() -> String {
        var copy = self
        let bitLength = totalBytes &* 8
        var pad: [UInt8] = [0x80]
        let afterPad = (blockCount + 1) % 64
        pad += [UInt8](repeating: 0, count: afterPad <= 56 ? 56 - afterPad : 120 - afterPad)
        for i in (0..<8).reversed() { pad.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        copy.update(pad)
        let words = [copy.h.0, copy.h.1, copy.h.2, copy.h.3, copy.h.4]
        return words.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }
}
