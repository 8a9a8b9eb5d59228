import APIServer
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest

final class ShutdownTests: XCTestCase {
    /// A request being scored when shutdown starts still gets its answer; an idle
    /// connection is closed; nothing new is accepted afterwards.
    func testShutdownFinishesRequestsInFlight() async throws {
        let fixture = try await TestServer(delay: 0.6) { $0.readTimeoutSeconds = 5 }
        let port = fixture.port
        async let inFlight = RawHTTP.send(port: port, "POST", "/v1/rerank", json: ["query": "q", "documents": ["a", "b"]])
        async let idle = RawHTTP.exchange(port: port, pieces: [], readTimeout: 8)
        try await Task.sleep(nanoseconds: 200_000_000)
        let started = Date()
        await fixture.stop()
        let elapsed = Date().timeIntervalSince(started)
        let response = await inFlight
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(try response.decode(RerankOut.self).results.count, 2)
        let idleReply = await idle
        XCTAssertTrue(idleReply.isEmpty)
        XCTAssertLessThan(elapsed, 4, "shutdown waits for the request, not for the 5 s read timeout")
        let after = await RawHTTP.send(port: port, "GET", "/health")
        XCTAssertEqual(after.status, 0, "the listener is closed")
        XCTAssertTrue(fixture.log.all.contains("shut down"))
        await fixture.stop()  // a second call returns at once
    }

    func testSIGTERMStopsRunGracefully() async throws {
        let log = LogLines()
        let server = APIServer(engine: FakeEngine(delay: 0.3), config: APIServerConfig(port: 0, readTimeoutSeconds: 5), log: { log.add($0) })
        // Ignored first, so that a signal arriving before run() listens cannot kill the tests.
        signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, SIG_DFL) }
        let running = Task { try await server.run() }
        var port: Int?
        for _ in 0..<100 where port == nil {
            try await Task.sleep(nanoseconds: 20_000_000)
            port = log.all.first { $0.hasPrefix("serving") }
                .flatMap { $0.split(separator: ":").last?.split(separator: " ").first }.flatMap { Int($0) }
        }
        let bound = try XCTUnwrap(port, "\(log.all)")
        try await Task.sleep(nanoseconds: 200_000_000)
        async let inFlight = RawHTTP.send(port: bound, "POST", "/v1/rerank", json: ["query": "q", "documents": ["a"]])
        try await Task.sleep(nanoseconds: 100_000_000)
        kill(getpid(), SIGTERM)
        let response = await inFlight
        XCTAssertEqual(response.status, 200)
        let finished = Date()
        try await running.value
        XCTAssertLessThan(Date().timeIntervalSince(finished), 3)
        XCTAssertTrue(log.all.contains { $0.hasPrefix("signal") }, "\(log.all)")
        XCTAssertTrue(log.all.contains("shut down"))
    }
}
