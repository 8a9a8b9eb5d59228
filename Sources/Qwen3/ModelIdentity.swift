import Checkpoints
import Checksum
import Foundation

/// A loaded engine's identity: SHA-256 over config.json, each safetensors file's name, size and
/// header, and tokenizer.json's size together with the template's token ids. Cheap, but blind to
/// weights rewritten in place with the same layout: score caches fingerprint the bytes of every
/// file in `Qwen3Reranker.inputFiles(folder:)` instead.
func modelIdentity(folder: URL, checkpoint: Checkpoint, templateIDs: [Int32]) throws -> String {
    var hasher = SHA256()
    hasher.update("qwen3-model-identity-v1\n")
    let configURL = folder.appendingPathComponent("config.json")
    guard let config = try? Data(contentsOf: configURL) else { throw Qwen3Error(file: configURL.path, "cannot read") }
    hasher.update("config.json \(config.count)\n")
    config.withUnsafeBytes { hasher.update($0) }
    for file in checkpoint.files {
        hasher.update("\(URL(fileURLWithPath: file.path).lastPathComponent) \(file.byteCount) \(file.header.count)\n")
        file.header.withUnsafeBytes { hasher.update($0) }
    }
    let tokenizerURL = folder.appendingPathComponent("tokenizer.json")
    let tokenizerSize = (try? FileManager.default.attributesOfItem(atPath: tokenizerURL.path)[.size] as? Int) ?? nil
    hasher.update("tokenizer.json \(tokenizerSize ?? -1)\n")
    hasher.update(templateIDs.map(String.init).joined(separator: ","))
    return hasher.hexDigest()
}

extension Qwen3Reranker {
    /// The files the engine reads from a model folder, by name, sorted: config.json, tokenizer.json,
    /// model.safetensors.index.json when there is one, and every safetensors file the weights come
    /// from. A change to any of them can change a score, so a score cache's fingerprint covers each
    /// one's bytes. tokenizer_config.json and generation_config.json are not read. The safetensors
    /// headers are checked here (the files are mapped, their tensors not read).
    public static func inputFiles(folder: URL) throws -> [String] {
        let checkpoint = try qwen3Errors { try Checkpoint(folder: folder) }
        return (["config.json", "tokenizer.json"] + checkpoint.fileNames).sorted()
    }
}
