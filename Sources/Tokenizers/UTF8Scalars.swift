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
}
