import Foundation

/// An RFC 4180 CSV reader: a header row, quoted fields may hold commas, quotes (doubled) and
/// line breaks; each record keeps the line it starts on.
struct CSVTable {
    var header: [String]
    var records: [(fields: [String], line: Int)]

    static func read(_ reader: LineReader, problems: inout ProblemList) throws -> CSVTable? {
        var records: [(fields: [String], line: Int)] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var startLine = 0
        var openedAt = 0
        try reader.forEachLine { bytes, number in
            if !inQuotes {
                startLine = number
                if bytes.isEmpty { return true }
            } else {
                field.append(0x0A)
            }
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let byte = bytes[index]
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if index + 1 < bytes.endIndex, bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(byte); index += 1
                        } else {
                            inQuotes = false
                        }
                    } else {
                        field.append(byte)
                    }
                } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                    inQuotes = true; openedAt = number
                } else if byte == UInt8(ascii: ",") {
                    fields.append(String(decoding: field, as: UTF8.self)); field = []
                } else {
                    field.append(byte)
                }
                index += 1
            }
            if !inQuotes {
                fields.append(String(decoding: field, as: UTF8.self)); field = []
                records.append((fields, startLine))
                fields = []
            }
            return true
        }
        if inQuotes {
            problems.add(reader.name, openedAt, "a quoted field opened here is never closed")
            return nil
        }
        guard let first = records.first else {
            problems.add(reader.name, 0, "the file is empty: expected a header row and one row per (query, candidate)")
            return nil
        }
        return CSVTable(header: first.fields.map { $0.trimmingCharacters(in: .whitespaces) }, records: Array(records.dropFirst()))
    }
}
