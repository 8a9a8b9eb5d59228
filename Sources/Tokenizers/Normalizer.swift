import Foundation

/// tokenizer.json `normalizer`: Unicode normalization forms, alone or in a Sequence, or none.
///
/// Foundation does the normalizing, with its current Unicode tables, while HF tokenizers uses
/// Unicode 9.0 tables, to which later scalars are unassigned: inert, never decomposed, reordered
/// or composed, and blocking composition across them. So the text is cut at such scalars, they
/// are kept as they are, and only the runs between them are normalized.
enum Normalizer {
    enum Form { case nfc, nfd, nfkc, nfkd }

    /// Reads `normalizer` (null allowed) into the list of forms to apply in order.
    static func make(_ json: JSONObject?) throws -> [Form] {
        guard let json else { return [] }
        switch try json.type(supported: ["NFC", "NFD", "NFKC", "NFKD", "Sequence"]) {
        case "NFC": return [.nfc]
        case "NFD": return [.nfd]
        case "NFKC": return [.nfkc]
        case "NFKD": return [.nfkd]
        default:
            let items = try json.array("normalizers")
            var forms: [Form] = []
            for (index, item) in items.enumerated() {
                forms += try make(JSONObject(any: item, path: json.fieldPath("normalizers[\(index)]")))
            }
            return forms
        }
    }

    /// Applies the forms to UTF-8 text; returns nil when the text is unchanged.
    static func apply(_ forms: [Form], to text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var current: [UInt8]? = nil
        for form in forms {
            let result: [UInt8]?
            if let input = current {
                result = input.withUnsafeBufferPointer { normalize($0, form) }
            } else {
                result = normalize(text, form)
            }
            if let result { current = result }
        }
        return current
    }

    /// One form; nil when the text is unchanged (or certainly already normalized).
    private static func normalize(_ text: UnsafeBufferPointer<UInt8>, _ form: Form) -> [UInt8]? {
        // Quick check: ASCII is invariant under every form; NFC also leaves inert scalars alone.
        var needsWork = false
        var hasUnknown = false
        UTF8Scalars.forEach(text) { _, value in
            if value < 0x80 { return }
            let flags = ScalarClass.of(value)
            if flags.contains(.unknownToNormalizer) { hasUnknown = true }
            if form != .nfc || !flags.contains(.nfcInert) { needsWork = true }
        }
        if !needsWork { return nil }
        if !hasUnknown { return Array(foundationNormalize(ArraySlice(text), form).utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 8)
        var runStart = 0
        UTF8Scalars.forEach(text) { range, value in
            guard value >= 0x80, ScalarClass.of(value).contains(.unknownToNormalizer) else { return }
            if runStart < range.lowerBound {
                out += foundationNormalize(ArraySlice(text[runStart..<range.lowerBound]), form).utf8
            }
            out += text[range]
            runStart = range.upperBound
        }
        if runStart < text.count {
            out += foundationNormalize(ArraySlice(text[runStart..<text.count]), form).utf8
        }
        return out
    }

    private static func foundationNormalize(_ bytes: ArraySlice<UInt8>, _ form: Form) -> String {
        let string = String(decoding: bytes, as: UTF8.self)
        switch form {
        case .nfc: return composeHangulLVT(string.precomposedStringWithCanonicalMapping)
        case .nfd: return string.decomposedStringWithCanonicalMapping
        case .nfkc: return composeHangulLVT(string.precomposedStringWithCompatibilityMapping)
        case .nfkd: return string.decomposedStringWithCompatibilityMapping
        }
    }

    /// Foundation (swift-foundation 6.3 on Linux) leaves a precomposed LV syllable followed by a
    /// trailing jamo T apart, where NFC composes them into the LVT syllable (Unicode 3.12,
    /// "Hangul Syllable Composition"); this finishes that step. T has combining class 0, so only
    /// an adjacent pair composes.
    private static func composeHangulLVT(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.contains(where: { (0x11A8...0x11C2).contains($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in scalars {
            if (0x11A8...0x11C2).contains(scalar.value), let last = out.last,
               (0xAC00...0xD7A3).contains(last.value), (last.value - 0xAC00) % 28 == 0,
               let lvt = Unicode.Scalar(last.value + scalar.value - 0x11A7) {
                out.removeLast()
                out.append(lvt)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
