import Foundation

/// A JSON object from tokenizer.json with the path it was found at, so that every typed read can
/// name the field when the value is missing or has the wrong type.
struct JSONObject {
    let path: String
    let values: [String: Any]

    init(_ values: [String: Any], path: String) {
        self.values = values
        self.path = path
    }

    init(any: Any?, path: String) throws {
        guard let values = any as? [String: Any] else {
            throw TokenizerError(field: path, "expected an object")
        }
        self.init(values, path: path)
    }

    /// The root object of a tokenizer.json.
    static func root(_ json: Data) throws -> JSONObject {
        do {
            return try JSONObject(any: try JSONSerialization.jsonObject(with: json), path: "")
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw TokenizerError("not valid JSON: \(error.localizedDescription)")
        }
    }

    /// The bytes of a tokenizer.json file; the error names it.
    static func read(_ url: URL) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw TokenizerError(file: url.path, "cannot read: \(error.localizedDescription)")
        }
    }

    /// The added tokens of a tokenizer.json (none when absent).
    static func addedTokens(_ root: JSONObject) throws -> [AddedToken] {
        var added: [AddedToken] = []
        if !root.isNull("added_tokens") {
            for (index, item) in try root.array("added_tokens").enumerated() {
                added.append(try AddedToken(JSONObject(any: item, path: "added_tokens[\(index)]")))
            }
        }
        return added
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// True when the key is absent or JSON null.
    func isNull(_ key: String) -> Bool { values[key] == nil || values[key] is NSNull }

    func string(_ key: String) throws -> String {
        guard let value = values[key] as? String else {
            throw TokenizerError(field: fieldPath(key), "expected a string")
        }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        if isNull(key) { return nil }
        return try string(key)
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        if isNull(key) { return fallback }
        guard let value = values[key] as? Bool else {
            throw TokenizerError(field: fieldPath(key), "expected true or false")
        }
        return value
    }

    func int(_ key: String) throws -> Int {
        guard let number = values[key] as? NSNumber, let value = Int(exactly: number.doubleValue) else {
            throw TokenizerError(field: fieldPath(key), "expected an integer")
        }
        return value
    }

    func object(_ key: String) throws -> JSONObject {
        try JSONObject(any: values[key], path: fieldPath(key))
    }

    func optionalObject(_ key: String) throws -> JSONObject? {
        if isNull(key) { return nil }
        return try object(key)
    }

    func array(_ key: String) throws -> [Any] {
        guard let value = values[key] as? [Any] else {
            throw TokenizerError(field: fieldPath(key), "expected an array")
        }
        return value
    }

    /// The `type` of a component, checked to be one of `supported`.
    func type(supported: [String]) throws -> String {
        let type = try string("type")
        guard supported.contains(type) else {
            throw TokenizerError(
                field: fieldPath("type"),
                "type \"\(type)\" is not supported (supported: \(supported.joined(separator: ", ")))")
        }
        return type
    }
}
