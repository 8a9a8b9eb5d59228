/// Walking the scalars of UTF-8 text without building a String.
enum UTF8Scalars {
    /// Calls `body` with the byte range and value of each scalar of valid UTF-8 text.
    @inline(__always)
    static func forEach(_ text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, UInt32) -> Void) {
        var i = 0
        while i < text.count {
            let lead = text[i]
            var value: UInt32
            var length: Int
            if lead < 0x80 {
                value = UInt32(lead); length = 1
            } else if lead < 0xE0 {
                value = UInt32(lead & 0x1F); length = 2
            } else if lead < 0xF0 {
                value = UInt32(lead & 0x0F); length = 3
            } else {
                value = UInt32(lead & 0x07); length = 4
            }
            length = min(length, text.count - i)
            var k = 1
            while k < length {
                value = value << 6 | UInt32(text[i + k] & 0x3F)
                k += 1
            }
            body(i..<(i + length), value)
            i += length
        }
    }

    /// The scalar that starts at byte `i` and its length in bytes; nil at the end or on a broken sequence.
    static func at(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int)? {
        guard i < text.count else { return nil }
        var result: (Unicode.Scalar, Int)? = nil
        forEach(UnsafeBufferPointer(rebasing: text[i..<min(text.count, i + 4)])) { range, value in
            if result == nil, range.lowerBound == 0, let scalar = Unicode.Scalar(value) { result = (scalar, range.count) }
        }
        return result
    }

    /// The scalar that ends at byte `i` (not before `floor`) and its length in bytes.
    static func before(_ text: UnsafeBufferPointer<UInt8>, _ i: Int, floor: Int) -> (Unicode.Scalar, Int)? {
        var start = i - 1
        while start > floor, text[start] & 0xC0 == 0x80 { start -= 1 }
        guard start >= floor, let (scalar, length) = at(text, start), start + length == i else { return nil }
        return (scalar, length)
    }
}
