/// What the tokenizer needs to know about a Unicode scalar, as bit flags.
///
/// The regex classes: `\p{L}` (general category L*), `\p{N}` (N*), `\s` (White_Space, which is what
/// Oniguruma, the regex engine of HF tokenizers, matches for `\s` on UTF-8: 9–D, 20, 85, A0, 1680,
/// 2000–200A, 2028, 2029, 202F, 205F, 3000), CR/LF (also `\s`); none of them is "other".
/// Oniguruma's tables are Unicode 16.0: scalars assigned later are unassigned ("other") to it.
///
/// Normalization: HF's normalizers use Unicode 9.0 tables (measured: marks assigned since 10.0
/// are not reordered, U+11938 is not composed); scalars assigned later are inert there, so they
/// are marked `.unknownToNormalizer`. `.nfcInert` marks scalars that leave NFC unchanged wherever
/// they stand: combining class 0, not excluded from composition, and never composed with what
/// comes before (the NFC_Quick_Check=Maybe scalars up to 9.0 are all Mn/Mc or Hangul V/T jamo).
struct ScalarClass: OptionSet {
    let rawValue: UInt8

    static let letter = ScalarClass(rawValue: 1)
    static let number = ScalarClass(rawValue: 2)
    static let space = ScalarClass(rawValue: 4)
    static let newline = ScalarClass(rawValue: 8)   // \r or \n, always with .space
    static let other: ScalarClass = []
    /// The bits the split regex looks at.
    static let regexMask: UInt8 = 0x0F

    static let nfcInert = ScalarClass(rawValue: 16)
    static let unknownToNormalizer = ScalarClass(rawValue: 32)

    /// Flags of a scalar value; the Basic Multilingual Plane comes from a table built once.
    @inline(__always)
    static func of(_ value: UInt32) -> ScalarClass {
        if value < 0x10000 { return ScalarClass(rawValue: bmpTable[Int(value)]) }
        return compute(value)
    }

    private static let bmpTable: [UInt8] = (0..<0x10000).map { compute(UInt32($0)).rawValue }

    static func compute(_ value: UInt32) -> ScalarClass {
        if value == 0x0A || value == 0x0D { return [.space, .newline, .nfcInert] }
        if value < 0x80 { return asciiClass(value) }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        let properties = scalar.properties
        guard let age = properties.age else { return [.nfcInert, .unknownToNormalizer] }   // unassigned
        var flags: ScalarClass = []
        if age.major > 9 {
            flags.formUnion([.nfcInert, .unknownToNormalizer])
        } else if properties.canonicalCombiningClass.rawValue == 0 && !properties.isFullCompositionExclusion {
            let category = properties.generalCategory
            let isMark = category == .nonspacingMark || category == .spacingMark
            let isJamoVowelOrTrail = (0x1161...0x1175).contains(value) || (0x11A8...0x11C2).contains(value)
            if !isMark && !isJamoVowelOrTrail { flags.insert(.nfcInert) }
        }
        if age.major > 16 { return flags }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            flags.insert(.letter)
        case .decimalNumber, .letterNumber, .otherNumber:
            flags.insert(.number)
        default:
            if properties.isWhitespace { flags.insert(.space) }
        }
        return flags
    }

    private static func asciiClass(_ value: UInt32) -> ScalarClass {
        switch value {
        case 0x41...0x5A, 0x61...0x7A: return [.letter, .nfcInert]
        case 0x30...0x39: return [.number, .nfcInert]
        case 0x09...0x0D, 0x20: return [.space, .nfcInert]
        default: return .nfcInert
        }
    }
}
