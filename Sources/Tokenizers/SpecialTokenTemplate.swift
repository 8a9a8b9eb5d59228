import Foundation

/// tokenizer.json `post_processor` for encoder models: where the special tokens go around one
/// sequence or a pair, and the token type of each part. TemplateProcessing (`single`/`pair` lists
/// of SpecialToken and Sequence items), BertProcessing (`[CLS] A [SEP]`, `[CLS] A [SEP] B [SEP]`)
/// and RobertaProcessing (`<s> A </s>`, `<s> A </s></s> B </s>`, every token type 0) are read
/// into the same form.
struct SpecialTokenTemplate: Sendable, Equatable {
    enum Item: Sendable, Equatable {
        case special(ids: [Int32], typeID: Int32)
        case sequence(first: Bool, typeID: Int32)
    }
    var single: [Item]
    var pair: [Item]

    /// Special tokens the template adds around one sequence, or a pair.
    func added(pair isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { n, item in
            if case let .special(ids, _) = item { return n + ids.count }
            return n
        }
    }

    /// The ids and token types of the template filled with the sequences.
    func apply(_ a: [Int32], _ b: [Int32]?) -> (ids: [Int32], typeIDs: [Int32]) {
        var ids: [Int32] = []
        var types: [Int32] = []
        for item in b == nil ? single : pair {
            switch item {
            case let .special(tokenIDs, typeID):
                ids += tokenIDs
                types += Array(repeating: typeID, count: tokenIDs.count)
            case let .sequence(first, typeID):
                let part = first ? a : (b ?? [])
                ids += part
                types += Array(repeating: typeID, count: part.count)
            }
        }
        return (ids, types)
    }

    /// Reads `post_processor`; null means nothing is added.
    static func make(_ json: JSONObject?) throws -> SpecialTokenTemplate {
        guard let json else { return SpecialTokenTemplate(single: [.sequence(first: true, typeID: 0)],
                                                          pair: [.sequence(first: true, typeID: 0), .sequence(first: false, typeID: 1)]) }
        switch try json.type(supported: ["TemplateProcessing", "BertProcessing", "RobertaProcessing"]) {
        case "RobertaProcessing":
            let cls = try tokenPair(json, "cls"), sep = try tokenPair(json, "sep")
            return SpecialTokenTemplate(
                single: [.special(ids: [cls], typeID: 0), .sequence(first: true, typeID: 0), .special(ids: [sep], typeID: 0)],
                pair: [.special(ids: [cls], typeID: 0), .sequence(first: true, typeID: 0), .special(ids: [sep, sep], typeID: 0),
                       .sequence(first: false, typeID: 0), .special(ids: [sep], typeID: 0)])
        case "BertProcessing":
            let cls = try tokenPair(json, "cls"), sep = try tokenPair(json, "sep")
            return SpecialTokenTemplate(
                single: [.special(ids: [cls], typeID: 0), .sequence(first: true, typeID: 0), .special(ids: [sep], typeID: 0)],
                pair: [.special(ids: [cls], typeID: 0), .sequence(first: true, typeID: 0), .special(ids: [sep], typeID: 0),
                       .sequence(first: false, typeID: 1), .special(ids: [sep], typeID: 1)])
        default:
            let specials = try json.object("special_tokens")
            return SpecialTokenTemplate(single: try items(json, "single", specials), pair: try items(json, "pair", specials))
        }
    }

    /// BertProcessing's `["[CLS]", 101]`.
    private static func tokenPair(_ json: JSONObject, _ key: String) throws -> Int32 {
        guard let pair = json.values[key] as? [Any], pair.count == 2, let id = (pair[1] as? NSNumber).flatMap({ Int32(exactly: $0.doubleValue) }) else {
            throw TokenizerError(field: json.fieldPath(key), "expected [token, id]")
        }
        return id
    }

    private static func items(_ json: JSONObject, _ key: String, _ specials: JSONObject) throws -> [Item] {
        var items: [Item] = []
        for (index, any) in try json.array(key).enumerated() {
            let item = try JSONObject(any: any, path: json.fieldPath("\(key)[\(index)]"))
            if let special = try item.optionalObject("SpecialToken") {
                let name = try special.string("id")
                guard let entry = try specials.optionalObject(name) else {
                    throw TokenizerError(field: special.fieldPath("id"), "'\(name)' is not in special_tokens")
                }
                let ids = try entry.array("ids").map { any -> Int32 in
                    guard let id = (any as? NSNumber).flatMap({ Int32(exactly: $0.doubleValue) }) else {
                        throw TokenizerError(field: entry.fieldPath("ids"), "expected integer ids")
                    }
                    return id
                }
                items.append(.special(ids: ids, typeID: Int32(try special.int("type_id"))))
            } else if let sequence = try item.optionalObject("Sequence") {
                let id = try sequence.string("id")
                guard id == "A" || id == "B" else {
                    throw TokenizerError(field: sequence.fieldPath("id"), "expected A or B, got '\(id)'")
                }
                items.append(.sequence(first: id == "A", typeID: Int32(try sequence.int("type_id"))))
            } else {
                throw TokenizerError(field: item.path, "expected a SpecialToken or a Sequence")
            }
        }
        return items
    }
}
