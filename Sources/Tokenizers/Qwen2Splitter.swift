/// The Split pre-tokenizer of Qwen2/Qwen3 (behavior Isolated, invert false), written as a
/// hand-made matcher over Unicode scalars for exactly this regex:
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*
///     |\s*[\r\n]+|\s+(?!\S)|\s+
///
/// Semantics are those of a backtracking engine (Oniguruma in HF tokenizers): at each position the
/// alternatives are tried in order and the first that matches wins; greedy quantifiers give back
/// only what a later part needs. Every scalar is matched by some alternative, so the matches tile
/// the text and Isolated emits exactly them (no gaps). Case-insensitive contractions follow
/// Unicode simple case folding: ASCII letters either case, and U+017F LATIN SMALL LETTER LONG S
/// folds to "s" (measured against HF tokenizers).
struct Qwen2Splitter {
    static let pattern =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// Scratch buffers, reused across calls of one encode.
    struct Scratch {
        var values: [UInt32] = []   // [scalars] scalar values
        var classes: [UInt8] = []   // [scalars] ScalarClass raw values
        var offsets: [Int32] = []   // [scalars + 1] byte offset where each scalar starts
    }

    /// Calls `piece` with the byte range of each piece of the UTF-8 text, in order.
    static func split(_ text: UnsafeBufferPointer<UInt8>, scratch: inout Scratch,
                      piece: (Range<Int>) -> Void) {
        decode(text, into: &scratch)
        let count = scratch.values.count
        scratch.values.withUnsafeBufferPointer { values in
            scratch.classes.withUnsafeBufferPointer { classes in
                var start = 0
                while start < count {
                    let end = matchEnd(at: start, values: values, classes: classes)
                    piece(Int(scratch.offsets[start])..<Int(scratch.offsets[end]))
                    start = end
                }
            }
        }
    }

    /// Splits into scalars with their classes and byte offsets. The text is valid UTF-8.
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, into scratch: inout Scratch) {
        scratch.values.removeAll(keepingCapacity: true)
        scratch.classes.removeAll(keepingCapacity: true)
        scratch.offsets.removeAll(keepingCapacity: true)
        UTF8Scalars.forEach(text) { range, value in
            scratch.values.append(value)
            scratch.classes.append(ScalarClass.of(value).rawValue & ScalarClass.regexMask)
            scratch.offsets.append(Int32(range.lowerBound))
        }
        scratch.offsets.append(Int32(text.count))
    }

    private static let letter = ScalarClass.letter.rawValue
    private static let number = ScalarClass.number.rawValue
    private static let space = ScalarClass.space.rawValue
    private static let newline = ScalarClass.newline.rawValue

    /// End (exclusive scalar index) of the regex match that starts at `i`.
    @inline(__always)
    static func matchEnd(at i: Int, values: UnsafeBufferPointer<UInt32>,
                         classes: UnsafeBufferPointer<UInt8>) -> Int {
        let n = values.count
        let c = classes[i]

        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if values[i] == 0x27, i + 1 < n {
            switch fold(values[i + 1]) {
            case 0x73, 0x74, 0x6D, 0x64:   // s t m d
                return i + 2
            case 0x72, 0x76:               // r v, then e
                if i + 2 < n, fold(values[i + 2]) == 0x65 { return i + 3 }
            case 0x6C:                     // l, then l
                if i + 2 < n, fold(values[i + 2]) == 0x6C { return i + 3 }
            default:
                break
            }
        }

        // [^\r\n\p{L}\p{N}]?\p{L}+
        if c & letter != 0 { return letterRunEnd(from: i + 1, classes) }
        if c & (newline | number) == 0, i + 1 < n, classes[i + 1] & letter != 0 {
            return letterRunEnd(from: i + 2, classes)
        }

        // \p{N}
        if c & number != 0 { return i + 1 }

        //  ?[^\s\p{L}\p{N}]+[\r\n]*
        var j = i
        if values[j] == 0x20, j + 1 < n, classes[j + 1] == 0 { j += 1 }
        if classes[j] == 0 {
            while j < n, classes[j] == 0 { j += 1 }
            while j < n, classes[j] & newline != 0 { j += 1 }
            return j
        }

        // From here the scalar at i is whitespace. Find the whitespace run i..<runEnd.
        var runEnd = i + 1
        var lastNewline = c & newline != 0 ? i : -1
        while runEnd < n, classes[runEnd] & space != 0 {
            if classes[runEnd] & newline != 0 { lastNewline = runEnd }
            runEnd += 1
        }
        // \s*[\r\n]+ : \s* gives back until a CR/LF can follow; the run ends at the last CR/LF.
        if lastNewline >= 0 { return lastNewline + 1 }
        // \s+(?!\S) : the whole run at the end of the text, otherwise all but its last scalar.
        if runEnd == n { return n }
        if runEnd - i >= 2 { return runEnd - 1 }
        // \s+
        return runEnd
    }

    @inline(__always)
    private static func letterRunEnd(from start: Int, _ classes: UnsafeBufferPointer<UInt8>) -> Int {
        var j = start
        while j < classes.count, classes[j] & letter != 0 { j += 1 }
        return j
    }

    /// Simple case folding, as far as the contraction letters need it.
    @inline(__always)
    private static func fold(_ value: UInt32) -> UInt32 {
        if value >= 0x41 && value <= 0x5A { return value + 0x20 }
        if value == 0x17F { return 0x73 }
        return value
    }
}
