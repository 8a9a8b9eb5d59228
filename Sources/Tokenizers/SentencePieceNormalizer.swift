/// tokenizer.json `normalizer` of SentencePiece-converted tokenizers (XLM-RoBERTa and the like):
/// `Precompiled`, `Replace` and `Strip`, alone or in a `Sequence`, applied in order. What
/// transformers' converters write: Precompiled alone, or Sequence[Precompiled, Replace(" {2,}" → " ")].
struct SentencePieceNormalizer: Sendable {
    enum Step: Sendable {
        case precompiled(PrecompiledCharsMap)
        /// Every occurrence of a literal string, left to right.
        case replaceLiteral([UInt8], with: [UInt8])
        /// Every run of at least `minimum` of one scalar (the regex `X{n,}`).
        case replaceRun(Unicode.Scalar, minimum: Int, with: [UInt8])
        /// Whitespace off the start and/or the end.
        case strip(left: Bool, right: Bool)
    }
    let steps: [Step]

    /// Reads `normalizer` (null: no steps).
    init(_ json: JSONObject?) throws {
        var steps: [Step] = []
        if let json { try Self.read(json, into: &steps) }
        self.steps = steps
    }

    private static func read(_ json: JSONObject, into steps: inout [Step]) throws {
        switch try json.type(supported: ["Precompiled", "Replace", "Strip", "Sequence"]) {
        case "Sequence":
            for (index, item) in try json.array("normalizers").enumerated() {
                try read(JSONObject(any: item, path: json.fieldPath("normalizers[\(index)]")), into: &steps)
            }
        case "Precompiled":
            steps.append(.precompiled(try PrecompiledCharsMap(json)))
        case "Strip":
            steps.append(.strip(left: try json.bool("strip_left", default: true), right: try json.bool("strip_right", default: true)))
        default:
            let content = Array(try json.string("content").utf8)
            let pattern = try json.object("pattern")
            if let literal = try pattern.optionalString("String") {
                guard !literal.isEmpty else { throw TokenizerError(field: pattern.fieldPath("String"), "an empty pattern is not supported") }
                steps.append(.replaceLiteral(Array(literal.utf8), with: content))
            } else if let regex = try pattern.optionalString("Regex") {
                guard let (scalar, minimum) = runPattern(regex) else {
                    throw TokenizerError(field: pattern.fieldPath("Regex"),
                                         "the Replace pattern \(regex) is not supported (a literal string, or a run such as \" {2,}\")")
                }
                steps.append(.replaceRun(scalar, minimum: minimum, with: content))
            } else {
                throw TokenizerError(field: pattern.path, "expected {\"String\": …} or {\"Regex\": …}")
            }
        }
    }

    /// `X{n,}` with X one literal, non-special character: (X, n).
    private static func runPattern(_ regex: String) -> (Unicode.Scalar, Int)? {
        let scalars = Array(regex.unicodeScalars)
        guard scalars.count >= 5, scalars[1] == "{", scalars.last == "}", scalars[scalars.count - 2] == ",",
              !"\\.^$|?*+()[]{}".unicodeScalars.contains(scalars[0]),
              let n = Int(String(String.UnicodeScalarView(scalars[2..<(scalars.count - 2)]))), n >= 1 else { return nil }
        return (scalars[0], n)
    }

    /// The text after every step.
    func apply(_ text: String) -> String {
        var text = text
        for step in steps {
            switch step {
            case let .precompiled(map): text = map.apply(text)
            case let .replaceLiteral(pattern, with): text = Self.replace(text, pattern, with)
            case let .replaceRun(scalar, minimum, with): text = Self.replaceRuns(text, scalar, minimum, with)
            case let .strip(left, right):
                var scalars = Substring(text).unicodeScalars[...]
                if left { while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() } }
                if right { while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() } }
                text = String(scalars)
            }
        }
        return text
    }

    private static func replace(_ text: String, _ pattern: [UInt8], _ with: [UInt8]) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0, changed = false
        while i < bytes.count {
            if bytes[i] == pattern[0], i + pattern.count <= bytes.count, bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
                out += with
                i += pattern.count
                changed = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    private static func replaceRuns(_ text: String, _ scalar: Unicode.Scalar, _ minimum: Int, _ with: [UInt8]) -> String {
        var out = String.UnicodeScalarView()
        var run = 0
        var changed = false
        func flush() {
            if run >= minimum {
                out.append(contentsOf: String(decoding: with, as: UTF8.self).unicodeScalars)
                changed = true
            } else {
                for _ in 0..<run { out.append(scalar) }
            }
            run = 0
        }
        for s in text.unicodeScalars {
            if s == scalar { run += 1; continue }
            flush()
            out.append(s)
        }
        flush()
        return changed ? String(out) : text
    }
}
