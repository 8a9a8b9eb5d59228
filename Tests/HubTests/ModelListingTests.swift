import Foundation
@testable import Hub
import XCTest

final class ModelListingTests: XCTestCase {
    func testBytes() {
        XCTAssertEqual(ModelListing.formatBytes(0), "0 B")
        XCTAssertEqual(ModelListing.formatBytes(999), "999 B")
        XCTAssertEqual(ModelListing.formatBytes(1_191_586_416), "1.2 GB")
        XCTAssertEqual(ModelListing.formatBytes(300_000), "300.0 kB")
    }

    func testTable() {
        let root = URL(fileURLWithPath: "/c/hub")
        XCTAssertEqual(ModelListing.table([], cacheRoot: root), "no models in /c/hub\n")
        let complete = CachedModel(id: "Qwen/Qwen3-Reranker-0.6B", revision: String(repeating: "a", count: 40), refs: ["main"],
                                   folder: root, files: ["config.json", "model.safetensors"], sizeBytes: 1_200_000_000,
                                   missing: [], partialBytes: 0)
        let partial = CachedModel(id: "Qwen/Qwen3-Reranker-4B", revision: String(repeating: "b", count: 40), refs: [],
                                  folder: root, files: ["config.json"], sizeBytes: 700, missing: ["tokenizer.json"],
                                  partialBytes: 5_000_000)
        XCTAssertEqual(ModelListing.table([complete, partial], cacheRoot: root), """
            cache: /c/hub
            ID                        REVISION      SIZE    FILES  REFS  STATUS
            Qwen/Qwen3-Reranker-0.6B  aaaaaaaaaaaa  1.2 GB  2      main  complete
            Qwen/Qwen3-Reranker-4B    bbbbbbbbbbbb  700 B   1      -     incomplete: lacks tokenizer.json (5.0 MB partly downloaded)

            """)
    }

    func testProgressLine() {
        let p = DownloadProgress(file: "model.safetensors", fileIndex: 2, fileCount: 3, fileBytes: 500, fileTotal: 1000,
                                 bytesDone: 600, bytesTotal: 1200)
        XCTAssertEqual(ModelListing.progressLine(p, barWidth: 10, bytesPerSecond: 2000),
                       "[2/3] model.safetensors   50% [#####.....]  500 B / 1.0 kB  2.0 kB/s  (all: 50%)")
        let unknown = DownloadProgress(file: "x", fileIndex: 1, fileCount: 1, fileBytes: 42, fileTotal: nil,
                                       bytesDone: 42, bytesTotal: nil)
        XCTAssertEqual(ModelListing.progressLine(unknown), "[1/1] x  42 B")
    }
}
