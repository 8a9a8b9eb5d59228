import RerankCore

/// Decoding a case file's bytes: UTF-8 only, with the place of the first bad byte.
enum UTF8Decoding {
    /// The text of `bytes`, or a problem at the line and column of the first byte that is not UTF-8.
    ///
    /// Fast path: the standard library's validating decoder, which works on the bytes in bulk;
    /// only bytes it rejects take the scalar-by-scalar walk (`referenceDecode`) that finds the
    /// line and column of the bad byte. Both accept exactly the well-formed UTF-8 sequences.
    static func decode(_ bytes: [UInt8], path: String) -> Result<String, CaseProblem> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        return referenceDecode(bytes, path: path)
    }

    /// The plain decoder, one scalar at a time; tests compare `decode` with it.
    static func referenceDecode(_ bytes: [UInt8], path: String) -> Result<String, CaseProblem> {
        var line = 1
        var column = 1
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var text = String.UnicodeScalarView()
        var afterCR = false
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                // Count lines as SourceText does (\n, \r\n, \r); a leading BOM takes no column.
                if scalar == "\n" {
                    if !afterCR { line += 1 }
                    column = 1
                } else if scalar == "\r" {
                    line += 1; column = 1
                } else if !(scalar == "\u{FEFF}" && offset == 0) {
                    column += 1
                }
                afterCR = scalar == "\r"
                text.append(scalar)
                offset += UTF8.width(scalar)
            case .emptyInput:
                return .success(String(text))
            case .error:
                let byte = offset < bytes.count ? bytes[offset] : 0
                let hex = String(byte, radix: 16, uppercase: true)
                return .failure(CaseProblem(
                    location: SourceLocation(file: path, line: line, column: column), field: "file",
                    message: "not UTF-8: invalid byte 0x\(hex.count == 1 ? "0" + hex : hex) at byte offset \(offset); "
                        + "save the file as UTF-8"))
            }
        }
    }
}
