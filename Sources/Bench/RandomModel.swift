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

    /// The folder's name: `qwen3-reranker-0.6b-random-seed1`, or `…-hf-init-seed1` for transformers'
    /// init (llama.cpp's converter recognises a reranker by `qwen3-reranker` in it).
    public static func folderName(shape: BenchModelShape, seed: UInt64, init weightInit: WeightInit = .uniform) -> String {
        switch weightInit {
        case .uniform: return "qwen3-reranker-\(shape.name)-random-seed\(seed)"
        case .hf: return "qwen3-reranker-\(shape.name)-hf-init-seed\(seed)"
        }
    }

    /// The folder of a model with this shape, seed and init, written if missing or stale.
    /// `tokenizer` is a tokenizer.json file. `log` hears about the (slow) writing step.
    ///
    /// Safe when several processes ask at once: the folder is written whole under a name of this
    /// process's own and renamed into place, so a reader sees a complete model or none; a stale
    /// folder is renamed aside before it is removed (a process that still maps it keeps its pages).
    public static func ensure(shape: BenchModelShape, seed: UInt64, init weightInit: WeightInit = .uniform,
                              tokenizer: URL, cacheRoot: URL, log: (String) -> Void = { _ in }) throws -> URL {
        let name = folderName(shape: shape, seed: seed, init: weightInit)
        let folder = cacheRoot.appendingPathComponent(name)
        // The uniform init's stamp is what it always was, so existing caches stay valid.
        let initLine = weightInit == .uniform ? "" : "init \(weightInit.rawValue)\n"
        let stamp = "format \(formatVersion)\n\(shape.configJSON)seed \(seed)\n\(initLine)"
        let fm = FileManager.default
        func isCurrent(_ folder: URL) -> Bool {
            (try? String(contentsOf: folder.appendingPathComponent(stampName), encoding: .utf8)) == stamp
        }
        if !isCurrent(folder) {
            log("writing random \(shape.name) model (bf16, \(weightInit.rawValue) init) to \(folder.path)")
            let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
            let staging = cacheRoot.appendingPathComponent(".\(name).partial-\(unique)")
            do {
                try fm.createDirectory(at: staging, withIntermediateDirectories: true)
                defer { try? fm.removeItem(at: staging) }
                try shape.configJSON.write(to: staging.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
                try writeSafeTensors(randomTensors(shape, init: weightInit), seed: seed,
                                     to: staging.appendingPathComponent("model.safetensors"))
                try copyTokenizer(from: tokenizer, to: staging)
                try stamp.write(to: staging.appendingPathComponent(stampName), atomically: true, encoding: .utf8)
                try install(staging, at: folder, isCurrent: isCurrent)
            } catch let error as BenchError {
                throw error
            } catch {
                throw BenchError(file: folder.path, step: "write model", "\(error)")
            }
        }
        try copyTokenizer(from: tokenizer, to: folder)
        return folder
    }

    /// Renames the finished `staging` folder to `folder`. A stale folder there is renamed aside and
    /// removed first; when another process installed a current one meanwhile, that one is kept.
    static func install(_ staging: URL, at folder: URL, isCurrent: (URL) -> Bool) throws {
        let fm = FileManager.default
        for _ in 0..<8 {
            if isCurrent(folder) { return }
            if fm.fileExists(atPath: folder.path) {
                let aside = folder.deletingLastPathComponent()
                    .appendingPathComponent(".\(folder.lastPathComponent).stale-\(UUID().uuidString)")
                if rename(folder.path, aside.path) == 0 { try? fm.removeItem(at: aside) }
            }
            if rename(staging.path, folder.path) == 0 { return }
            // ENOTEMPTY/EEXIST: another process put a folder there between the two renames.
            guard errno == ENOTEMPTY || errno == EEXIST else {
                throw BenchError(file: folder.path, step: "write model", "rename failed: \(String(cString: strerror(errno)))")
            }
        }
        if !isCurrent(folder) {
            throw BenchError(file: folder.path, step: "write model", "another process keeps replacing this folder")
        }
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
