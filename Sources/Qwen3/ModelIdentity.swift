import Checksum
import Foundation

/// A stable content identity of a model folder for cache fingerprints: SHA-256 over config.json,
/// tokenizer.json, and each safetensors file's name, size and header (the header lists every
/// tensor's dtype, shape and offsets; hashing all weights would read gigabytes).
func modelIdentity(folder: URL, checkpoint: Checkpoint) throws -> String {
    var hasher = SHA256()
    hasher.update("qwen3-model-identity-v1\n")
    for name in ["config.json", "tokenizer.json"] {
        let url = folder.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else { throw Qwen3Error(file: url.path, "cannot read") }
        hasher.update("\(name) \(data.count)\n")
        data.withUnsafeBytes { hasher.update($0) }
    }
    for file in checkpoint.files {
        hasher.update("\(URL(fileURLWithPath: file.path).lastPathComponent) \(file.file.size) \(file.header.count)\n")
        file.header.withUnsafeBytes { hasher.update($0) }
    }
    return hasher.hexDigest()
}
