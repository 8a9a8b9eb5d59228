import Foundation
@testable import Hub
import XCTest

final class ModelReferenceTests: XCTestCase {
    func testAliasesNameTheQwenRerankers() {
        XCTAssertEqual(ModelReference.parse("qwen3-reranker-0.6b").kind, .hub(id: "Qwen/Qwen3-Reranker-0.6B", revision: nil))
        XCTAssertEqual(ModelReference.parse("Qwen3-Reranker-4B").kind, .hub(id: "Qwen/Qwen3-Reranker-4B", revision: nil))
        XCTAssertEqual(ModelReference.parse("qwen3-reranker-8b@v1").kind, .hub(id: "Qwen/Qwen3-Reranker-8B", revision: "v1"))
        XCTAssertEqual(ModelReference.parse("bge-reranker-v2-m3").kind, .hub(id: "BAAI/bge-reranker-v2-m3", revision: nil))
    }

    func testHubIDsWithAndWithoutRevision() {
        XCTAssertEqual(ModelReference.parse("Qwen/Qwen3-Reranker-0.6B").kind, .hub(id: "Qwen/Qwen3-Reranker-0.6B", revision: nil))
        XCTAssertEqual(ModelReference.parse("org/name@refs/pr/1").kind, .hub(id: "org/name", revision: "refs/pr/1"))
    }

    func testPathsAreFolders() throws {
        let scratch = try makeScratch(self)
        let nested = scratch.appendingPathComponent("org/name", isDirectory: true)
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        XCTAssertEqual(ModelReference.parse(scratch.path).kind, .folder(URL(fileURLWithPath: scratch.path, isDirectory: true)))
        XCTAssertEqual(ModelReference.parse("./models/x").kind, .folder(URL(fileURLWithPath: "./models/x", isDirectory: true)))
        XCTAssertEqual(ModelReference.parse("a/b/c").kind, .folder(URL(fileURLWithPath: "a/b/c", isDirectory: true)))
        XCTAssertEqual(ModelReference.parse("org/../x").kind, .folder(URL(fileURLWithPath: "org/../x", isDirectory: true)))
        // An existing folder wins over the hub id it resembles.
        let cwd = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(scratch.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        XCTAssertEqual(ModelReference.parse("org/name").kind, .folder(URL(fileURLWithPath: "org/name", isDirectory: true)))
    }

    func testHubIDRules() {
        XCTAssertTrue(ModelReference.isHubID("Qwen/Qwen3-Reranker-0.6B"))
        XCTAssertTrue(ModelReference.isHubID("a_b/c.d"))
        XCTAssertFalse(ModelReference.isHubID("Qwen"))
        XCTAssertFalse(ModelReference.isHubID("a--b/c"))
        XCTAssertFalse(ModelReference.isHubID(".a/b"))
        XCTAssertFalse(ModelReference.isHubID("a/b c"))
    }
}

final class HubEnvironmentTests: XCTestCase {
    func testCacheFolderFollowsHuggingFaceHub() {
        XCTAssertEqual(HubEnvironment(["HOME": "/h"]).cacheRoot.path, "/h/.cache/huggingface/hub")
        XCTAssertEqual(HubEnvironment(["HOME": "/h", "XDG_CACHE_HOME": "/x"]).cacheRoot.path, "/x/huggingface/hub")
        XCTAssertEqual(HubEnvironment(["HOME": "/h", "HF_HOME": "~/hf"]).cacheRoot.path, "/h/hf/hub")
        XCTAssertEqual(HubEnvironment(["HF_HOME": "/hf", "HF_HUB_CACHE": "/c"]).cacheRoot.path, "/c")
        XCTAssertEqual(HubEnvironment(["HF_HOME": "/hf", "HUGGINGFACE_HUB_CACHE": "/legacy"]).cacheRoot.path, "/legacy")
    }

    func testEndpointOfflineAndToken() throws {
        let scratch = try makeScratch(self)
        XCTAssertEqual(HubEnvironment(["HOME": scratch.path]).endpoint, "https://huggingface.co")
        XCTAssertEqual(HubEnvironment(["HF_ENDPOINT": "http://mirror.local/"]).endpoint, "http://mirror.local")
        for value in ["1", "true", "YES", "on"] { XCTAssertTrue(HubEnvironment(["HF_HUB_OFFLINE": value]).offline, value) }
        for value in ["0", "false", ""] { XCTAssertFalse(HubEnvironment(["HF_HUB_OFFLINE": value]).offline, value) }
        XCTAssertTrue(HubEnvironment(["TRANSFORMERS_OFFLINE": "1"]).offline)

        XCTAssertEqual(HubEnvironment(["HF_TOKEN": "hf_a", "HF_HOME": scratch.path]).token, "hf_a")
        XCTAssertNil(HubEnvironment(["HF_HOME": scratch.path]).token)
        try Data("hf_stored\n".utf8).write(to: scratch.appendingPathComponent("token"))
        XCTAssertEqual(HubEnvironment(["HF_HOME": scratch.path]).token, "hf_stored")
    }
}

final class GitBlobHashTests: XCTestCase {
    func testMatchesGitHashObject() {
        func hash(_ bytes: [UInt8]) -> String {
            var h = GitBlobHash(size: Int64(bytes.count))
            bytes.withUnsafeBytes { h.update($0) }
            return h.hexDigest()
        }
        XCTAssertEqual(hash([]), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        XCTAssertEqual(hash(Array("Hello, World!".utf8)), "b45ef6fec89518d314f546fd6c3025367b721684")
        // Several blocks, fed in uneven pieces.
        let bytes = (0..<1000).map { UInt8(($0 * 7 + 3) % 251) }
        var h = GitBlobHash(size: 1000)
        for range in [0..<1, 1..<63, 63..<640, 640..<1000] { Array(bytes[range]).withUnsafeBytes { h.update($0) } }
        XCTAssertEqual(h.hexDigest(), "d71af1ca89db590b23da93119eac26d725adf093")
    }

    func testEtagsAreNormalized() {
        XCTAssertEqual(RemoteFile.normalizeEtag("W/\"abc\""), "abc")
        XCTAssertEqual(RemoteFile.normalizeEtag("\"abc\""), "abc")
    }
}
