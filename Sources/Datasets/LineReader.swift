import Foundation

/// Reads a text file line by line in chunks of 1 MiB, so a corpus of gigabytes is never held
/// whole: the file-system edge of the Datasets module. Lines end at LF; a CR before it and a
/// UTF-8 byte-order mark at the start are dropped. Numbers are 1-based.
struct LineReader {
    let path: String
    /// The name shown in problems.
    let name: String

    /// Calls `body` with each line's bytes and number; `body` returns false to stop early.
    func forEachLine(_ body: (ArraySlice<UInt8>, Int) throws -> Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DatasetError(file: name, Self.whyUnreadable(path))
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var number = 0
        var first = true
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw DatasetError(file: name, "cannot read the file: \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            if first {
                if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
                first = false
            }
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                number += 1
                var end = newline
                if end > start, pending[end - 1] == 0x0D { end -= 1 }
                guard try body(pending[start..<end], number) else { return }
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty {
            number += 1
            if pending.last == 0x0D { pending.removeLast() }
            _ = try body(pending[...], number)
        }
    }

    /// Every line as a string (for small files such as queries and topics); invalid UTF-8 is a problem.
    func lines(problems: inout ProblemList) throws -> [(text: String, line: Int)] {
        var result: [(String, Int)] = []
        try forEachLine { bytes, number in
            if let text = String(validating: bytes, as: UTF8.self) {
                result.append((text, number))
            } else {
                problems.add(name, number, "not UTF-8 text; save the file as UTF-8")
            }
            return true
        }
        return result
    }

    static func whyUnreadable(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "is a folder, not a file" }
        return "cannot read the file: permission denied"
    }
}
