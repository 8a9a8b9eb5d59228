import Checksum
import Foundation

/// A stable content identity of a model folder for cache fingerprints: SHA-256 over config.json,
/// each safetensors file's name, size and header (the header lists every tensor's dtype, shape and
/// offsets; hashing all weights would read gigabytes), and tokenizer.json's size together with the
/// template's token ids (hashing its megabytes would cost more than loading the model).
func modelIdentity(folder: URL, checkpoint: Checkpoint, templateIDs: [Int32]) throws -> String {
    var hasher = SHA256()
    hasher.update("qwen3-model-identity-v1\n")
    let configURL = folder.appendingPathComponent("config.json")
    guard let config = try? Data(contentsOf: configURL) else { throw Qwen3Error(file: configURL.path, "cannot read") }
    hasher.update("config.json \(config.count)\n")
    config.withUnsafeBytes { hasher.update($0) }
    for file in checkpoint.files {
        hasher.update("\(URL(fileURLWithPath: file.path).lastPathComponent) \(file.file.size) \(file.header.count)\n")
        file.header.withUnsafeBytes { hasher.update($0) }
    }
    let tokenizerURL = folder.appendingPathComponent("tokenizer.json")
    let tokenizerSize = (try? FileManager.default.attributesOfItem(atPath: tokenizerURL.path)[.size] as? Int) ?? nil
    hasher.update("tokenizer.json \(tokenizerSize ?? -1)\n")
    hasher.update(templateIDs.map(String.init).joined(separator: ","))
    return hasher.hexDigest()
}

extension Qwen3Reranker {
    /// A model folder's identity without loading the weights or the tokenizer (the safetensors files
    /// are mapped and their headers checked, nothing more), for the cache fingerprint of a scorer
    /// that may never need to load the model.
    public static func folderIdentity(_ folder: URL) throws -> String {
        try modelIdentity(folder: folder, checkpoint: Checkpoint(folder: folder), templateIDs: [])
    }
}
