import Checksum
import Foundation
@testable import Hub
import XCTest

/// Downloads from scripts/hub/fake_hub.py into a temporary HF_HOME.
final class PullTests: XCTestCase {
    let id = "Qwen/Qwen3-Reranker-0.6B"
    var scratch: URL!
    var fixture: FixtureModel!

    override func setUpWithError() throws {
        scratch = try makeScratch(self)
        fixture = try FixtureModel(in: scratch)
    }

    func startHub(_ options: [String] = []) throws -> FakeHub {
        let hub = try FakeHub(repos: [id: fixture.folder], options: options, scratch: scratch)
        addTeardownBlock { hub.stop() }
        return hub
    }

    func environment(_ hub: FakeHub?, _ extra: [String: String] = [:]) -> [String: String] {
        var env = ["HF_HOME": scratch.appendingPathComponent("hf").path, "HOME": scratch.path]
        env["HF_ENDPOINT"] = hub?.endpoint ?? "http://127.0.0.1:9"
        return env.merging(extra) { $1 }
    }

    func client(_ hub: FakeHub?, _ extra: [String: String] = [:]) -> HubClient {
        var client = HubClient(environment: environment(hub, extra))
        client.retryDelay = 0.05
        return client
    }

    var repoFolder: URL { scratch.appendingPathComponent("hf/hub/models--Qwen--Qwen3-Reranker-0.6B") }

    func sha256(_ data: Data) -> String {
        var h = SHA256()
        data.withUnsafeBytes { h.update($0) }
        return h.hexDigest()
    }

    func testPullWritesTheHuggingFaceCacheLayout() async throws {
        let hub = try startHub()
        let events = Events()
        let snapshot = try await client(hub).pull(id: id, revision: nil) { events.add($0) }

        let commit = try String(contentsOf: repoFolder.appendingPathComponent("refs/main"), encoding: .utf8)
        XCTAssertTrue(HubCache.isCommitHash(commit), "refs/main holds the bare commit hash: \(commit)")
        XCTAssertEqual(snapshot.path, repoFolder.appendingPathComponent("snapshots/\(commit)").path)
        let expected = ["config.json", "generation_config.json", "model-00001-of-00002.safetensors",
                        "model-00002-of-00002.safetensors", "model.safetensors.index.json",
                        "tokenizer.json", "tokenizer_config.json"]
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: snapshot.path).sorted(), expected)
        for name in expected {
            let data = try fixture.data(name)
            let etag = name.hasSuffix(".safetensors") ? sha256(data) : try gitHash(data)
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: snapshot.appendingPathComponent(name).path)
            XCTAssertEqual(target, "../../blobs/\(etag)", name)
            XCTAssertEqual(try Data(contentsOf: snapshot.appendingPathComponent(name)), data, name)
        }
        let blobs = try FileManager.default.contentsOfDirectory(atPath: repoFolder.appendingPathComponent("blobs").path)
        XCTAssertEqual(blobs.count, expected.count)
        XCTAssertFalse(blobs.contains { $0.hasSuffix(".incomplete") })
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("hf/hub/CACHEDIR.TAG").path))

        let last = try XCTUnwrap(events.all.last)
        var total = 0
        for name in expected { total += try fixture.data(name).count }
        XCTAssertEqual(last.bytesTotal, Int64(total))
        XCTAssertEqual(last.bytesDone, last.bytesTotal)
        XCTAssertEqual(Set(events.all.map(\.file)).count, expected.count)

        // Pulling again downloads nothing: only the listing is asked for.
        let before = try hub.requests().count
        _ = try await client(hub).pull(id: id, revision: "main", progress: nil)
        XCTAssertEqual(try hub.requests().dropFirst(before).map(\.method), ["GET"])
    }

    func testRedirectToCDNAndToken() async throws {
        let hub = try startHub(["--redirect", "--token", "hf_secret"])
        _ = try await client(hub, ["HF_TOKEN": "hf_secret"]).pull(id: id, revision: nil, progress: nil)
        let requests = try hub.requests()
        let cdn = requests.filter { $0.path.hasPrefix("/blobs/") }
        XCTAssertEqual(cdn.count, 2, "both shards come from the CDN URL")
        XCTAssertTrue(cdn.allSatisfy { !$0.auth }, "the token is not sent to another host")
        XCTAssertTrue(requests.filter { !$0.path.hasPrefix("/blobs/") }.allSatisfy(\.auth))

        // Without the token: a 401 that says to set HF_TOKEN.
        let other = try makeScratch(self)
        var env = environment(hub)
        env["HF_HOME"] = other.path
        do {
            _ = try await HubClient(environment: env).pull(id: id, revision: nil, progress: nil)
            XCTFail("pull without a token succeeded")
        } catch let error as HubError {
            guard case .http(401, _, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("HF_TOKEN"), error.description)
        }
    }

    func testResumesAfterABrokenConnection() async throws {
        let hub = try startHub(["--break-after", "100000"])
        let snapshot = try await client(hub).pull(id: id, revision: nil, progress: nil)
        for name in FixtureModel.shardNames {
            XCTAssertEqual(try Data(contentsOf: snapshot.appendingPathComponent(name)), try fixture.data(name), name)
        }
        let ranged = try hub.requests().filter { $0.range != nil }
        XCTAssertEqual(ranged.count, 1, "one resumed request: \(ranged)")
        XCTAssertEqual(ranged.first?.range, "bytes=100000-")
        XCTAssertEqual(ranged.first?.path.hasSuffix(".safetensors"), true)
    }

    func testResumesAPartialFileAnEarlierRunLeft() async throws {
        let name = FixtureModel.shardNames[0]
        let data = try fixture.data(name)
        let blobs = repoFolder.appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        try data.prefix(123_457).write(to: blobs.appendingPathComponent("\(sha256(data)).incomplete"))

        let hub = try startHub()
        let snapshot = try await client(hub).pull(id: id, revision: nil, progress: nil)
        XCTAssertEqual(try Data(contentsOf: snapshot.appendingPathComponent(name)), data)
        let gets = try hub.requests().filter { $0.method == "GET" && $0.path.hasSuffix(name) }
        XCTAssertEqual(gets.map(\.range), ["bytes=123457-"])
    }

    func testAStalePartialFileIsReplaced() async throws {
        // Longer than the file: discarded unread. Right length, wrong bytes: fails the hash, is
        // removed, and the file is fetched once more from the start.
        let blobs = repoFolder.appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        let first = try fixture.data(FixtureModel.shardNames[0]), second = try fixture.data(FixtureModel.shardNames[1])
        try Data(count: first.count + 10).write(to: blobs.appendingPathComponent("\(sha256(first)).incomplete"))
        try Data(count: second.count).write(to: blobs.appendingPathComponent("\(sha256(second)).incomplete"))

        let hub = try startHub()
        let snapshot = try await client(hub).pull(id: id, revision: nil, progress: nil)
        XCTAssertEqual(try Data(contentsOf: snapshot.appendingPathComponent(FixtureModel.shardNames[0])), first)
        XCTAssertEqual(try Data(contentsOf: snapshot.appendingPathComponent(FixtureModel.shardNames[1])), second)
        let shardGets = try hub.requests().filter { $0.method == "GET" && $0.path.hasSuffix(".safetensors") }
        XCTAssertEqual(shardGets.map(\.range), [nil, nil], "both fetched whole, once each")
    }

    func testRevisionsCannotLeaveTheCache() async throws {
        do {
            _ = try await client(nil).pull(id: id, revision: "../../x", progress: nil)
            XCTFail("a revision with .. was accepted")
        } catch let error as HubError {
            XCTAssertEqual(error, .invalidRevision("../../x"))
        }
    }

    func testACorruptBodyIsRejectedAndNotRenamedIntoPlace() async throws {
        for name in [FixtureModel.shardNames[1], "tokenizer.json"] {
            let hub = try startHub(["--corrupt", name])
            do {
                _ = try await client(hub).pull(id: id, revision: nil, progress: nil)
                XCTFail("a corrupt \(name) was accepted")
            } catch let error as HubError {
                guard case let .checksumMismatch(file, _, _, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(file, name)
            }
            let data = try fixture.data(name)
            let etag = name.hasSuffix(".safetensors") ? sha256(data) : try gitHash(data)
            let blob = repoFolder.appendingPathComponent("blobs/\(etag)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: blob.path))
            XCTAssertFalse(FileManager.default.fileExists(atPath: blob.path + ".incomplete"))
            XCTAssertFalse(FileManager.default.fileExists(atPath: repoFolder.appendingPathComponent("refs/main").path))
            XCTAssertNil(HubCache(root: scratch.appendingPathComponent("hf/hub")).snapshotFolder(id: id, revision: nil))
            hub.stop()
        }
    }

    func testMissingRevisionAndModel() async throws {
        let hub = try startHub()
        do {
            _ = try await client(hub).pull(id: id, revision: "no-such-branch", progress: nil)
            XCTFail("an unknown revision was found")
        } catch let error as HubError {
            guard case .http(404, _, "RevisionNotFound", _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("revision not found"), error.description)
        }
        do {
            _ = try await client(hub, ["HF_TOKEN": "hf_do_not_print"]).pull(id: "Qwen/Nope", revision: nil, progress: nil)
            XCTFail("an unknown model was found")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("HF_TOKEN"), error.description)
            XCTAssertFalse(error.description.contains("hf_do_not_print"))
        }
    }

    func testOfflineUsesTheCacheAndOtherwiseSaysWhatToRun() async throws {
        let hub = try startHub()
        let pulled = try await client(hub).pull(id: id, revision: nil, progress: nil)
        hub.stop()

        let offline = environment(nil, ["HF_HUB_OFFLINE": "1"])
        let resolved = try await ModelResolver.resolve("qwen3-reranker-0.6b", allowDownload: true, environment: offline)
        XCTAssertEqual(resolved, ResolvedModel(folder: pulled, id: id, revision: pulled.lastPathComponent))
        let again = try await HubClient(environment: offline).pull(id: id, revision: nil, progress: nil)
        XCTAssertEqual(again, pulled)

        do {
            _ = try await ModelResolver.resolve("Qwen3-Reranker-4B", allowDownload: true, environment: offline)
            XCTFail("an uncached model resolved offline")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("`rerank-site models pull Qwen/Qwen3-Reranker-4B`"), error.description)
            XCTAssertTrue(error.description.contains("HF_HUB_OFFLINE"), error.description)
        }
        do {
            _ = try await HubClient(environment: offline).pull(id: "Qwen/Qwen3-Reranker-4B", revision: nil, progress: nil)
            XCTFail("an uncached model was pulled offline")
        } catch let error as HubError {
            guard case .notCached(_, _, _, true) = error else { return XCTFail("\(error)") }
        }
    }

    func testResolveDownloadsOnlyWhenAllowed() async throws {
        let hub = try startHub()
        let env = environment(hub)
        do {
            _ = try await ModelResolver.resolve(id, allowDownload: false, environment: env)
            XCTFail("resolved without downloading")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("run `rerank-site models pull \(id)`"), error.description)
        }
        XCTAssertEqual(try hub.requests().count, 0)
        let resolved = try await ModelResolver.resolve(id, allowDownload: true, environment: env)
        XCTAssertEqual(resolved.id, id)
        XCTAssertEqual(resolved.revision.map(HubCache.isCommitHash), true)
        XCTAssertEqual(try Data(contentsOf: resolved.folder.appendingPathComponent("config.json")), try fixture.data("config.json"))
    }

    func testListModelsShowsCompleteAndIncompleteSnapshots() async throws {
        let hub = try startHub()
        let snapshot = try await client(hub).pull(id: id, revision: nil, progress: nil)
        let cache = HubCache(root: scratch.appendingPathComponent("hf/hub"))
        var models = try cache.listModels()
        XCTAssertEqual(models.count, 1)
        let model = try XCTUnwrap(models.first)
        XCTAssertEqual(model.id, id)
        XCTAssertEqual(model.revision, snapshot.lastPathComponent)
        XCTAssertEqual(model.refs, ["main"])
        XCTAssertEqual(model.files.count, 7)
        XCTAssertTrue(model.isComplete)
        let sizes = try model.files.map { try fixture.data($0).count }
        XCTAssertEqual(model.sizeBytes, Int64(sizes.reduce(0, +)))

        try FileManager.default.removeItem(at: snapshot.appendingPathComponent(FixtureModel.shardNames[1]))
        models = try cache.listModels()
        XCTAssertEqual(models.first?.missing, [FixtureModel.shardNames[1]])
        XCTAssertFalse(models.first?.isComplete ?? true)

        // An incomplete snapshot is pulled again rather than used.
        let resolved = try await ModelResolver.resolve(id, allowDownload: true, environment: environment(hub))
        XCTAssertTrue(FileManager.default.fileExists(atPath: resolved.folder.appendingPathComponent(FixtureModel.shardNames[1]).path))
    }

    func testFolders() async throws {
        let resolved = try await ModelResolver.resolve(fixture.folder.path, allowDownload: false, environment: environment(nil))
        XCTAssertEqual(resolved, ResolvedModel(folder: fixture.folder, id: nil, revision: nil))
        do {
            _ = try await ModelResolver.resolve(scratch.path, allowDownload: false, environment: environment(nil))
            XCTFail("a folder without config.json resolved")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("no config.json"), error.description)
        }
        do {
            _ = try await ModelResolver.resolve("./no/such/folder", allowDownload: true, environment: environment(nil))
            XCTFail("a missing folder resolved")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("no such folder"), error.description)
        }
        // A snapshot folder named by its path keeps its hub identity.
        let hub = try startHub()
        let snapshot = try await client(hub).pull(id: id, revision: nil, progress: nil)
        let byPath = try await ModelResolver.resolve(snapshot.path, allowDownload: false, environment: environment(nil))
        XCTAssertEqual(byPath.id, id)
        XCTAssertEqual(byPath.revision, snapshot.lastPathComponent)
    }

    func gitHash(_ data: Data) throws -> String {
        var h = GitBlobHash(size: Int64(data.count))
        data.withUnsafeBytes { h.update($0) }
        return h.hexDigest()
    }
}

/// Progress events collected from the delegate queue.
final class Events: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [DownloadProgress] = []
    func add(_ event: DownloadProgress) { lock.lock(); events.append(event); lock.unlock() }
    var all: [DownloadProgress] { lock.lock(); defer { lock.unlock() }; return events }
}
