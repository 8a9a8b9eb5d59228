/// tokenizer.json `pre_tokenizer`. Supported is the byte-level pipeline of Qwen2/Qwen3:
/// Sequence[Split(the Qwen2 regex, Isolated, invert false), ByteLevel(add_prefix_space false,
/// use_regex false)]. The Split is carried out by `Qwen2Splitter`; ByteLevel's byte-to-character
/// mapping is implicit, because the BPE model works on the bytes directly.
enum PreTokenizer {
    /// Checks `pre_tokenizer` and throws, naming the field, on anything else.
    static func validate(_ json: JSONObject?) throws {
        guard let json else {
            throw TokenizerError(field: "pre_tokenizer", "null is not supported (expected the Qwen2 Split + ByteLevel)")
        }
        var steps: [JSONObject] = []
        try flatten(json, into: &steps)
        let types = try steps.map { try $0.type(supported: ["Split", "ByteLevel", "Sequence"]) }
        guard types == ["Split", "ByteLevel"] else {
            throw TokenizerError(field: json.path,
                                 "expected Sequence[Split, ByteLevel], got \(types.isEmpty ? "nothing" : types.joined(separator: ", "))")
        }
        try validateSplit(steps[0])
        try validateByteLevel(steps[1])
    }

    private static func flatten(_ json: JSONObject, into steps: inout [JSONObject]) throws {
        if try json.type(supported: ["Split", "ByteLevel", "Sequence"]) == "Sequence" {
            for (index, item) in try json.array("pretokenizers").enumerated() {
                try flatten(JSONObject(any: item, path: json.fieldPath("pretokenizers[\(index)]")), into: &steps)
            }
        } else {
            steps.append(json)
        }
    }

    private static func validateSplit(_ json: JSONObject) throws {
        let pattern = try json.object("pattern")
        guard let regex = try pattern.optionalString("Regex") else {
            throw TokenizerError(field: pattern.path, "only a {\"Regex\": ...} pattern is supported")
        }
        guard regex == Qwen2Splitter.pattern else {
            throw TokenizerError(field: pattern.fieldPath("Regex"),
                                 "only the Qwen2 pattern \(Qwen2Splitter.pattern) is supported, got \(regex)")
        }
        let behavior = try json.string("behavior")
        guard behavior == "Isolated" else {
            throw TokenizerError(field: json.fieldPath("behavior"), "behavior \"\(behavior)\" is not supported (only Isolated)")
        }
        if try json.bool("invert", default: false) {
            throw TokenizerError(field: json.fieldPath("invert"), "invert true is not supported")
        }
    }

    static func validateByteLevel(_ json: JSONObject) throws {
        if try json.bool("add_prefix_space", default: true) {
            throw TokenizerError(field: json.fieldPath("add_prefix_space"), "add_prefix_space true is not supported")
        }
        if try json.bool("use_regex", default: true) {
            throw TokenizerError(field: json.fieldPath("use_regex"),
                                 "use_regex true (the GPT-2 split) is not supported")
        }
    }
}
