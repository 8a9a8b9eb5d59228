// Tokenizer benchmark and bulk checker, compiled together with Sources/Tokenizers by
// scripts/tokenizer/bench.sh (not part of the package).
//   bench TOKENIZER_JSON TEXTS_JSONL [--check]
// Prints the load time and the encode throughput over the texts ({"text": ...} per line); with
// --check, also compares with the "ids" of each line and prints the mismatches.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: bench TOKENIZER_JSON TEXTS_JSONL [--check]\n".utf8))
    exit(2)
}
let check = arguments.contains("--check")

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

do {
    var tokenizer: Tokenizer?
    let loadTime = try seconds { tokenizer = try Tokenizer(contentsOf: URL(fileURLWithPath: arguments[1])) }
    guard let tokenizer else { exit(1) }
    print(String(format: "load: %.3f s (vocabulary %d)", loadTime, tokenizer.vocabularySize))

    let lines = try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n")
    var texts: [String] = []
    var expected: [[Int32]] = []
    for line in lines {
        guard let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let text = row["text"] as? String else { continue }
        texts.append(text)
        expected.append((row["ids"] as? [NSNumber] ?? []).map { Int32(truncating: $0) })
    }
    let bytes = texts.reduce(0) { $0 + $1.utf8.count }

    // Cold pass (empty word cache), then warm passes.
    var results: [[Int32]] = []
    let cold = seconds { results = texts.map { tokenizer.encode($0) } }
    var warm = Double.infinity
    for _ in 0..<3 { warm = min(warm, seconds { for text in texts { _ = tokenizer.encode(text) } }) }
    let tokens = results.reduce(0) { $0 + $1.count }
    print(String(format: "encode: %d texts, %.1f MB, %d tokens; cold %.3f s (%.1f MB/s), warm %.3f s (%.1f MB/s, %.2f M tokens/s)",
                 texts.count, Double(bytes) / 1e6, tokens, cold, Double(bytes) / 1e6 / cold,
                 warm, Double(bytes) / 1e6 / warm, Double(tokens) / 1e6 / warm))

    // Threads sharing one tokenizer give the same ids.
    let threads = 4
    var perThread = [[[Int32]]](repeating: [], count: threads)
    let lock = NSLock()
    let parallel = seconds {
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let mine = texts.map { tokenizer.encode($0) }
            lock.lock(); perThread[t] = mine; lock.unlock()
        }
    }
    let consistent = perThread.allSatisfy { $0 == results }
    print(String(format: "threads: %d x all texts in %.3f s, same ids: %@", threads, parallel, consistent ? "yes" : "NO"))

    if check {
        var mismatches = 0
        for (index, ids) in results.enumerated() where ids != expected[index] {
            mismatches += 1
            if mismatches <= 5 {
                print("mismatch line \(index + 1): \(texts[index].debugDescription.prefix(100))")
                print("  expected \(expected[index].prefix(30))\n  got      \(ids.prefix(30))")
            }
        }
        print("check: \(texts.count) texts, \(mismatches) mismatches")
        if mismatches > 0 || !consistent { exit(1) }
    }
} catch {
    print("error: \(error)")
    exit(1)
}
