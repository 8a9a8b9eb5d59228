import Foundation

/// How the user named a model: a folder on disk, a hub repository, or a short alias of one.
public struct ModelReference: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A local folder holding config.json, tokenizer.json and safetensors weights.
        case folder(URL)
        /// A hub repository `ORG/NAME`, at a branch, tag or commit (nil: main).
        case hub(id: String, revision: String?)
    }

    /// The name as the user wrote it.
    public let name: String
    public let kind: Kind

    /// The short names of the Qwen3 rerankers and of the embedding models.
    public static let aliases: [String: String] = [
        "qwen3-reranker-0.6b": "Qwen/Qwen3-Reranker-0.6B",
        "qwen3-reranker-4b": "Qwen/Qwen3-Reranker-4B",
        "qwen3-reranker-8b": "Qwen/Qwen3-Reranker-8B",
        "all-minilm-l6-v2": "sentence-transformers/all-MiniLM-L6-v2",
        "bge-reranker-v2-m3": "BAAI/bge-reranker-v2-m3",
        "qwen3-embedding-0.6b": "Qwen/Qwen3-Embedding-0.6B",
        "qwen3-embedding-4b": "Qwen/Qwen3-Embedding-4B",
        "qwen3-embedding-8b": "Qwen/Qwen3-Embedding-8B",
    ]

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// Reads a model name. An alias wins, then an existing folder, then `ORG/NAME[@REVISION]`;
    /// anything else is taken as a folder path (which resolving will then report as missing).
    public static func parse(_ name: String) -> ModelReference {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let (base, revision) = splitRevision(trimmed)
        if let id = aliases[base.lowercased()] {
            return ModelReference(name: name, kind: .hub(id: id, revision: revision))
        }
        let path = expandTilde(trimmed)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return ModelReference(name: name, kind: .folder(URL(fileURLWithPath: path, isDirectory: true)))
        }
        if isHubID(base) {
            return ModelReference(name: name, kind: .hub(id: base, revision: revision))
        }
        return ModelReference(name: name, kind: .folder(URL(fileURLWithPath: path, isDirectory: true)))
    }

    /// `ORG/NAME`: two parts of letters, digits, `-`, `_`, `.`, neither starting with `.` or `-`
    /// (the hub's own rule, huggingface_hub/utils/_validators.py), and not a relative path.
    static func isHubID(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, first != ".", first != "-", part.count <= 96, !part.contains("--"),
                  !part.contains("..") else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
    }

    /// `ID@REV` → (ID, REV); a bare name → (name, nil).
    static func splitRevision(_ s: String) -> (String, String?) {
        guard let at = s.lastIndex(of: "@"), !s.hasPrefix("/"), !s.hasPrefix(".") else { return (s, nil) }
        let revision = String(s[s.index(after: at)...])
        return revision.isEmpty ? (s, nil) : (String(s[..<at]), revision)
    }

    static func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return NSHomeDirectory() + path.dropFirst(1)
    }
}
