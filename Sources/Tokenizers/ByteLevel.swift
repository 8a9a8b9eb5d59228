/// GPT-2's reversible map between bytes and printable characters, the alphabet of byte-level BPE
/// vocabularies (HF tokenizers `bytes_char`): printable Latin-1 bytes map to themselves, the other
/// 68 bytes to U+0100... in byte order (so a space is "Ġ", a newline "Ċ").
enum ByteLevel {
    /// Scalar value for each byte.
    static let scalarForByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            if (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte) {
                table[byte] = UInt32(byte)
            } else {
                table[byte] = next
                next += 1
            }
        }
        return table
    }()

    /// Byte for each scalar of the alphabet (all of them are below U+0144), -1 elsewhere.
    static let byteForScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 0x144)
        for (byte, scalar) in scalarForByte.enumerated() { table[Int(scalar)] = Int16(byte) }
        return table
    }()

    /// The token string (UTF-8) that stands for one byte.
    static func utf8(forByte byte: UInt8) -> [UInt8] {
        let scalar = Unicode.Scalar(scalarForByte[Int(byte)]) ?? "?"
        return Array(String(Character(scalar)).utf8)
    }

    /// The bytes a token string stands for, or nil when it has a character outside the alphabet
    /// (HF's ByteLevel decoder then uses the token's own UTF-8).
    static func bytes(of token: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            let value = Int(scalar.value)
            guard value < byteForScalar.count, byteForScalar[value] >= 0 else { return nil }
            out.append(UInt8(byteForScalar[value]))
        }
        return out
    }
}
