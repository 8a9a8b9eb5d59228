import Foundation

/// One line of a JSON Lines file: a JSON object, its fields read with their types checked.
struct JSONLine {
    let object: [String: Any]
    let file: String
    let line: Int

    /// The line as an object, or a problem saying why it is not one.
    static func parse(_ bytes: ArraySlice<UInt8>, file: String, line: Int) -> Result<JSONLine, DatasetProblem> {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            return .failure(DatasetProblem(file: file, line: line, "not valid JSON; each line must be one JSON object"))
        }
        guard let object = value as? [String: Any] else {
            return .failure(DatasetProblem(file: file, line: line, "expected a JSON object {…} on the line"))
        }
        return .success(JSONLine(object: object, file: file, line: line))
    }

    /// A string field; numbers are accepted as their decimal text (ids are often written as numbers).
    func string(_ key: String, required: Bool, problems: inout ProblemList) -> String? {
        guard let value = object[key], !(value is NSNull) else {
            if required { problems.add(file, line, "missing field '\(key)'") }
            return nil
        }
        if let text = value as? String { return text }
        if let number = value as? Int { return String(number) }
        problems.add(file, line, "field '\(key)' must be a string")
        return nil
    }

    /// A list of strings, or one string.
    func strings(_ key: String, problems: inout ProblemList) -> [String] {
        guard let value = object[key], !(value is NSNull) else { return [] }
        if let text = value as? String { return [text] }
        if let list = value as? [Any], list.allSatisfy({ $0 is String }) { return list.compactMap { $0 as? String } }
        problems.add(file, line, "field '\(key)' must be a string or a list of strings")
        return []
    }

    /// A boolean field (JSON `true` or `false`).
    func boolean(_ key: String, problems: inout ProblemList) -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        // JSONSerialization gives NSNumber for both numbers and booleans; only a boolean's type is CFBoolean.
        if let number = value as? NSNumber, String(cString: number.objCType) == "c" { return number.boolValue }
        if let flag = value as? Bool, !(value is Int) { return flag }
        problems.add(file, line, "field '\(key)' must be true or false")
        return nil
    }

    /// An integer field (a JSON number without a fraction, or a string of digits).
    func integer(_ key: String, problems: inout ProblemList) -> Int? {
        Self.integer(object[key], field: key, file: file, line: line, problems: &problems)
    }

    static func integer(_ value: Any?, field: String, file: String, line: Int, problems: inout ProblemList) -> Int? {
        guard let value, !(value is NSNull) else { return nil }
        if let number = value as? Int { return number }
        if let text = value as? String, let number = Int(text.trimmingCharacters(in: .whitespaces)) { return number }
        problems.add(file, line, "field '\(field)' must be an integer")
        return nil
    }

    /// The value of `"_id"` read straight from the bytes, without parsing the line: a corpus line
    /// whose document is not needed is skipped at this cost. Nil when the line does not have the
    /// plain form (escapes in the id, no `"_id"` key); the caller then parses the line.
    static func quickID(_ bytes: ArraySlice<UInt8>) -> String? {
        let key: [UInt8] = Array("\"_id\"".utf8)
        guard let start = bytes.firstRange(of: key)?.upperBound else { return nil }
        var index = start
        func skipBlanks() { while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        skipBlanks()
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        skipBlanks()
        guard index < bytes.endIndex else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            let open = index + 1
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let body = bytes[open..<close]
            if body.contains(UInt8(ascii: "\\")) { return nil }
            return String(decoding: body, as: UTF8.self)
        }
        let digits = bytes[index...].prefix { $0 >= 0x30 && $0 <= 0x39 }
        return digits.isEmpty ? nil : String(decoding: digits, as: UTF8.self)
    }
}
