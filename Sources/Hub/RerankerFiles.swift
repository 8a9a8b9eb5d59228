import Foundation

/// Which files of a repository a reranker needs, and whether a folder holds all of them.
enum RerankerFiles {
    static let required = ["config.json", "tokenizer.json", "tokenizer_config.json"]
    /// The sentence-transformers layout files are read by embedding models when present.
    static let optional = ["generation_config.json", "model.safetensors.index.json", "modules.json",
                           "sentence_bert_config.json", "config_sentence_transformers.json", "1_Pooling/config.json"]
    static let index = "model.safetensors.index.json"

    /// The files to download from a repository listing, in listing order.
    static func select(_ names: [String]) -> [String] {
        names.filter { name in
            required.contains(name) || optional.contains(name)
                || (name.hasSuffix(".safetensors") && !name.contains("/"))
        }
    }

    /// What a snapshot or model folder lacks: the required files, and the weights — every shard
    /// the index names, or model.safetensors when there is no index.
    static func missing(in folder: URL) -> [String] {
        let fm = FileManager.default
        func has(_ name: String) -> Bool { fm.fileExists(atPath: folder.appendingPathComponent(name).path) }
        var missing = required.filter { !has($0) }
        if has(index) {
            guard let shards = try? shardNames(indexFile: folder.appendingPathComponent(index)) else {
                return missing + ["\(index) (unreadable)"]
            }
            missing += shards.filter { !has($0) }
        } else if !has("model.safetensors") {
            missing.append("model.safetensors")
        }
        return missing
    }

    /// The distinct shard files named in a safetensors index's weight_map, sorted.
    static func shardNames(indexFile: URL) throws -> [String] {
        struct Index: Decodable { let weight_map: [String: String] }
        let data = try Data(contentsOf: indexFile)
        return Set(try JSONDecoder().decode(Index.self, from: data).weight_map.values).sorted()
    }
}
