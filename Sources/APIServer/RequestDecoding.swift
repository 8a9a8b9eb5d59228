import Foundation

/// JSON bodies to request types, with errors that name the field and what was expected.
enum RequestDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
        if body.isEmpty { throw APIError.invalidJSON("the body is empty") }
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw APIError.invalidJSON("\(error)")
        }
    }

    private static func fieldPath(_ path: [CodingKey]) -> String {
        path.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    static func describe(_ error: DecodingError) -> APIError {
        switch error {
        case let .keyNotFound(key, context):
            let field = fieldPath(context.codingPath + [key])
            return .invalidField(field: field, message: "is required")
        case let .typeMismatch(_, context):
            if context.codingPath.isEmpty { return .invalidField(field: "body", message: "must be a JSON object") }
            return .invalidField(field: fieldPath(context.codingPath), message: "has the wrong type: \(expected(context))")
        case let .valueNotFound(_, context):
            if context.codingPath.isEmpty { return .invalidField(field: "body", message: "must be a JSON object") }
            return .invalidField(field: fieldPath(context.codingPath), message: "must not be null")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return .invalidJSON(shortened(context.debugDescription)) }
            return .invalidField(field: fieldPath(context.codingPath), message: "is invalid: \(shortened(context.debugDescription))")
        @unknown default:
            return .invalidJSON("\(error)")
        }
    }

    /// Our own union types put the expectation in the debug description; Foundation's read
    /// "Expected to decode X but found Y".
    private static func expected(_ context: DecodingError.Context) -> String {
        shortened(context.debugDescription)
    }

    private static func shortened(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
