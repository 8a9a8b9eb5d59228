import Foundation

/// tokenizer.json normalizer `Precompiled`: SentencePiece's compiled normalization rules
/// (`precompiled_charsmap`, base64). The blob is a little-endian u32 byte length of a Darts
/// double-array trie, the trie's u32 units, then NUL-terminated replacement strings; the trie maps
/// the UTF-8 bytes of a source sequence to the offset of its replacement.
///
/// Applied as HF tokenizers applies it (normalizers/precompiled.rs with the spm_precompiled crate):
/// text is taken grapheme cluster by grapheme cluster; a cluster shorter than 6 bytes whose bytes
/// begin with a key is replaced whole by the replacement of the *shortest* such key; otherwise each
/// scalar of the cluster is replaced by its own shortest-key replacement, or kept. (This differs
/// from SentencePiece's own longest-match normalizer on purpose: the ids must be HF's.)
struct PrecompiledCharsMap: Sendable {
    private let units: [UInt32]
    private let replacements: [UInt8]

    /// Reads the decoded blob; the error says what is malformed.
    init(blob: [UInt8], field: String) throws {
        guard blob.count >= 4 else { throw TokenizerError(field: field, "precompiled_charsmap is too short") }
        let trieBytes = Int(blob[0]) | Int(blob[1]) << 8 | Int(blob[2]) << 16 | Int(blob[3]) << 24
        guard trieBytes % 4 == 0, trieBytes >= 4, 4 + trieBytes <= blob.count else {
            throw TokenizerError(field: field, "precompiled_charsmap's trie length \(trieBytes) does not fit its \(blob.count) bytes")
        }
        var units = [UInt32](repeating: 0, count: trieBytes / 4)
        for i in units.indices {
            let o = 4 + 4 * i
            units[i] = UInt32(blob[o]) | UInt32(blob[o + 1]) << 8 | UInt32(blob[o + 2]) << 16 | UInt32(blob[o + 3]) << 24
        }
        let rest = Array(blob[(4 + trieBytes)...])
        guard String(validating: rest, as: UTF8.self) != nil else {
            throw TokenizerError(field: field, "precompiled_charsmap's replacement strings are not UTF-8")
        }
        self.units = units
        replacements = rest
    }

    /// Reads `precompiled_charsmap` (base64) of a `Precompiled` normalizer object.
    init(_ json: JSONObject) throws {
        let field = json.fieldPath("precompiled_charsmap")
        guard let blob = Data(base64Encoded: try json.string("precompiled_charsmap")) else {
            throw TokenizerError(field: field, "precompiled_charsmap is not base64")
        }
        try self.init(blob: Array(blob), field: field)
    }

    /// The replacement of the shortest key that `key` begins with (stopping at a NUL byte), or nil.
    func replacement<C: Collection>(_ key: C) -> ArraySlice<UInt8>? where C.Element == UInt8 {
        guard let root = units.first else { return nil }
        var position = Int(Self.offset(root))
        for byte in key {
            if byte == 0 { return nil }
            position ^= Int(byte)
            guard position < units.count else { return nil }
            let unit = units[position]
            guard unit & 0x8000_00FF == UInt32(byte) else { return nil }
            position ^= Int(Self.offset(unit))
            guard position < units.count else { return nil }
            if (unit >> 8) & 1 == 1 {
                let start = Int(units[position] & 0x7FFF_FFFF)
                guard start <= replacements.count else { return nil }
                let end = replacements[start...].firstIndex(of: 0) ?? replacements.count
                return replacements[start..<end]
            }
        }
        return nil
    }

    @inline(__always)
    private static func offset(_ unit: UInt32) -> UInt32 { (unit >> 10) << ((unit & (1 << 9)) >> 6) }

    /// The text with every grapheme cluster (or its scalars) replaced as HF tokenizers does.
    func apply(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var changed = false
        for cluster in text {
            let bytes = cluster.utf8
            if bytes.count < 6, let r = replacement(bytes) {
                out += r
                changed = true
                continue
            }
            for scalar in cluster.unicodeScalars {
                let encoded = UTF8.encode(scalar)!
                if let r = replacement(encoded) {
                    out += r
                    changed = true
                } else {
                    out += encoded
                }
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }
}
