import Foundation

/// A Qwen3 reranker folder with random bf16 weights of a given shape, written once into a cache
/// folder and reused: config.json, model.safetensors, tokenizer.json (+ tokenizer_config.json when
/// it sits beside the source, so transformers' AutoTokenizer can load the folder too).
public enum RandomModel {
    /// Bump when the weights or the folder layout change.
    static let formatVersion = 1
    static let stampName = "bench-model.txt"

    /// The default cache root: $XDG_CACHE_HOME/rerank-site/bench, else ~/.cache/rerank-site/bench.
    public static var defaultCacheRoot: URL {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("rerank-site/bench")
    }

    /// The folder of a model with this shape and seed, written if missing or stale.
    /// `tokenizer` is a tokenizer.json file. `log` hears about the (slow) writing step.
    public static func ensure(shape: BenchModelShape, seed: UInt64, tokenizer: URL, cacheRoot: URL,
                              log: (String) -> Void = { _ in }) throws -> URL {
        let folder = cacheRoot.appendingPathComponent("qwen3-reranker-\(shape.name)-random-seed\(seed)")
        let stamp = "format \(formatVersion)\n\(shape.configJSON)seed \(seed)\n"
        let fm = FileManager.default
        let stampURL = folder.appendingPathComponent(stampName)
        if (try? String(contentsOf: stampURL, encoding: .utf8)) != stamp {
            log("writing random \(shape.name) model (bf16) to \(folder.path)")
            try? fm.removeItem(at: folder)
            do {
                try fm.createDirectory(at: folder, withIntermediateDirectories: true)
                try shape.configJSON.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
                try writeSafeTensors(randomTensors(shape), seed: seed, to: folder.appendingPathComponent("model.safetensors"))
            } catch let error as BenchError {
                throw error
            } catch {
                throw BenchError(file: folder.path, step: "write model", "\(error)")
            }
        }
        try copyTokenizer(from: tokenizer, to: folder)
        if (try? String(contentsOf: stampURL, encoding: .utf8)) != stamp {
            do { try stamp.write(to: stampURL, atomically: true, encoding: .utf8) } catch {
                throw BenchError(file: stampURL.path, step: "write model", "\(error)")
            }
        }
        return folder
    }

    /// Copies tokenizer.json (and tokenizer_config.json beside it) unless identical copies are there.
    static func copyTokenizer(from source: URL, to folder: URL) throws {
        let fm = FileManager.default
        var files = [(source, "tokenizer.json")]
        let config = source.deletingLastPathComponent().appendingPathComponent("tokenizer_config.json")
        if fm.fileExists(atPath: config.path) { files.append((config, "tokenizer_config.json")) }
        for (src, name) in files {
            let dst = folder.appendingPathComponent(name)
            guard let data = fm.contents(atPath: src.path) else {
                throw BenchError(file: src.path, step: "tokenizer", "cannot read")
            }
            if fm.contents(atPath: dst.path) == data { continue }
            do { try data.write(to: dst, options: .atomic) } catch {
                throw BenchError(file: dst.path, step: "tokenizer", "cannot write: \(error)")
            }
        }
    }

    /// A single-file safetensors checkpoint in bf16: 8-byte header length, the JSON header
    /// (keys sorted as Python's json.dumps(sort_keys=True) writes them, padded with spaces to a
    /// multiple of 8), then each tensor's data in order.
    static func writeSafeTensors(_ tensors: [RandomTensor], seed: UInt64, to url: URL) throws {
        var entries: [(String, String)] = []
        var offset = 0
        for t in tensors {
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append((t.name, "{\"data_offsets\":[\(offset),\(offset + 2 * t.count)],\"dtype\":\"BF16\",\"shape\":[\(shape)]}"))
            offset += 2 * t.count
        }
        entries.sort { $0.0 < $1.0 }
        var header = "{\"__metadata__\":{\"format\":\"pt\"}," + entries.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        while header.utf8.count % 8 != 0 { header += " " }

        let partial = url.appendingPathExtension("partial")
        guard let file = fopen(partial.path, "wb") else {
            throw BenchError(file: partial.path, step: "write model", "cannot create: \(String(cString: strerror(errno)))")
        }
        var closed = false
        defer { if !closed { fclose(file) } }
        func write(_ p: UnsafeRawPointer, _ n: Int) throws {
            if fwrite(p, 1, n, file) != n {
                throw BenchError(file: partial.path, step: "write model", "write failed: \(String(cString: strerror(errno)))")
            }
        }
        var length = UInt64(header.utf8.count).littleEndian
        try withUnsafeBytes(of: &length) { try write($0.baseAddress!, 8) }
        try Array(header.utf8).withUnsafeBytes { try write($0.baseAddress!, $0.count) }
        let chunk = 1 << 22
        let buffer = UnsafeMutablePointer<UInt16>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        for t in tensors {
            let seedOfTensor = tensorSeed(seed, t.name)
            var start = 0
            while start < t.count {
                let n = min(chunk, t.count - start)
                fillBF16(t, seed: seedOfTensor, start: start, count: n, into: buffer)
                try write(buffer, 2 * n)
                start += n
            }
        }
        closed = true
        if fclose(file) != 0 {
            throw BenchError(file: partial.path, step: "write model", "close failed: \(String(cString: strerror(errno)))")
        }
        if rename(partial.path, url.path) != 0 {
            throw BenchError(file: url.path, step: "write model", "rename failed: \(String(cString: strerror(errno)))")
        }
    }
}
