import APIServer
import Foundation
import XCTest

/// Malformed, oversized and slow requests: each gets a clear error or a closed connection,
/// never a crash, a hang or a 500, and the server answers normally afterwards.
final class FuzzTests: XCTestCase {
    /// SplitMix64: a seeded generator so a failure can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let validBody = #"{"model":"fake/Fake-Reranker","query":"what is bm25","documents":["a ranking function","a bird"],"top_n":1}"#

    private static func post(_ path: String, _ body: [UInt8], extraHeaders: String = "") -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\(extraHeaders)Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    /// One malformed request and the statuses it may get (0: closed without a response).
    private static func makeCase(_ rng: inout SeededGenerator) -> (name: String, bytes: [UInt8], allowed: Set<Int>) {
        let valid = Array(validBody.utf8)
        switch Int.random(in: 0..<10, using: &rng) {
        case 0:
            let bytes = (0..<Int.random(in: 1...2_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return ("raw bytes", bytes, [0, 400])
        case 1:
            let body = (0..<Int.random(in: 0...3_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return ("random body", post("/v1/rerank", body), [400])
        case 2:
            let cut = Int.random(in: 0..<(valid.count - 1), using: &rng)
            return ("truncated JSON", post(["/v1/rerank", "/v1/score", "/rerank"].randomElement(using: &rng) ?? "/rerank", Array(valid[..<cut])), [400])
        case 3:
            let values = ["1", "-7", "1.5e999", "true", "null", "\"s\"", "[]", "{}", "[1,2]", "[{\"x\":1}]", "[null]", "\"\\ud800\""]
            let field = ["query", "documents", "top_n", "return_documents", "instruction", "model", "texts"].randomElement(using: &rng) ?? "query"
            let value = values.randomElement(using: &rng) ?? "1"
            var fields = ["query": #""q""#, "documents": #"["a"]"#]
            fields[field] = value
            let body = "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
            // Required fields of the wrong type are 400s; optional ones may be null (200).
            let wellTyped = ["\"s\"", "\"\\ud800\"", "[]"].contains(value)
            let allowed: Set<Int> = ["query", "documents"].contains(field) && !wellTyped ? [400] : [200, 400, 404]
            return ("wrong type \(field)=\(value)", post("/v1/rerank", Array(body.utf8)), allowed)
        case 4:
            let depth = Int.random(in: 100...20_000, using: &rng)
            let body = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            return ("deep nesting", post("/v1/rerank", Array(#"{"query":"q","documents":"#.utf8) + Array(body.utf8) + [UInt8(ascii: "}")]), [400, 413])
        case 5:
            let count = Int.random(in: 51...20_000, using: &rng)
            let body = #"{"query":"q","documents":["# + Array(repeating: #""""#, count: count).joined(separator: ",") + "]}"
            return ("many documents", post("/v1/rerank", Array(body.utf8)), [413])
        case 6:
            var bytes = Array(#"{"query":"q","documents":[""#.utf8)
            bytes += [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80]
            bytes += Array(#""]}"#.utf8)
            return ("invalid UTF-8", post("/v1/rerank", bytes), [200, 400])
        case 7:
            let path = "/" + String(repeating: "a", count: Int.random(in: 10...120_000, using: &rng))
            return ("long URL", Array("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), [0, 400, 404])
        case 8:
            let header = "X-Fill: " + String(repeating: "b", count: Int.random(in: 10...120_000, using: &rng)) + "\r\n"
            return ("long header", post("/v1/rerank", valid, extraHeaders: header), [0, 200, 400])
        default:
            let lines = ["GET / HTTP/9.9\r\n\r\n", "POST /v1/rerank HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                         "POST /v1/rerank HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                         "POST /v1/rerank HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                         "\r\n\r\n\r\n", "BREW /pot HTCPCP/1.0\r\n\r\n"]
            return ("bad framing", Array((lines.randomElement(using: &rng) ?? lines[0]).utf8), [0, 400, 404, 405])
        }
    }

    func testMalformedRequestsGetErrorsAndTheServerLives() async throws {
        let fixture = try await TestServer()
        let port = fixture.port
        // RERANK_FUZZ_SEED replays or varies the run; the default keeps CI deterministic.
        let seed = ProcessInfo.processInfo.environment["RERANK_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_122
        var rng = SeededGenerator(state: seed)
        let cases = (0..<160).map { _ in Self.makeCase(&rng) }
        // Four clients at a time, each case on its own connection.
        for start in stride(from: 0, to: cases.count, by: 4) {
            let slice = cases[start..<min(start + 4, cases.count)]
            let outcomes = await withTaskGroup(of: (String, Set<Int>, Int, String).self) { group -> [(String, Set<Int>, Int, String)] in
                for item in slice {
                    group.addTask {
                        let reply = await RawHTTP.exchange(port: port, pieces: [item.bytes], readTimeout: 5)
                        let parsed = RawHTTP.parse(reply)
                        return (item.name, item.allowed, parsed?.status ?? 0, String(decoding: (parsed?.body ?? reply).prefix(200), as: UTF8.self))
                    }
                }
                var out: [(String, Set<Int>, Int, String)] = []
                for await outcome in group { out.append(outcome) }
                return out
            }
            for (name, allowed, status, body) in outcomes {
                XCTAssertTrue(allowed.contains(status), "seed \(seed), \(name): status \(status) \(body)")
                if status >= 400 {
                    XCTAssertTrue(body.contains("\"error\"") || status == 400, "\(name): \(body)")
                }
            }
        }
        let health = await RawHTTP.send(port: port, "GET", "/health")
        XCTAssertEqual(health.status, 200)
        let normal = await RawHTTP.send(port: port, "POST", "/v1/rerank", raw: Data(Self.validBody.utf8))
        XCTAssertEqual(normal.status, 200)
        await fixture.stop()
    }

    func testDeclaredOversizeBodyIsRefusedAtOnce() async throws {
        let fixture = try await TestServer()
        let started = Date()
        let head = "POST /v1/rerank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{\"query\":"
        let reply = RawHTTP.parse(await RawHTTP.exchange(port: fixture.port, pieces: [Array(head.utf8)], readTimeout: 5))
        XCTAssertEqual(reply?.status, 413)
        XCTAssertEqual(reply?.headers["connection"], "close")
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)

        // Chunked bodies have no length up front: the limit applies as they grow.
        let chunk = String(repeating: "x", count: 40_000)
        let chunked = "POST /v1/rerank HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
            String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n" + String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n0\r\n\r\n"
        let second = RawHTTP.parse(await RawHTTP.exchange(port: fixture.port, pieces: [Array(chunked.utf8)], readTimeout: 5))
        XCTAssertEqual(second?.status, 413)
        XCTAssertEqual(second.flatMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
            .flatMap { $0["error"] as? [String: Any] }?["code"] as? String, "body_too_large")
        let health = await RawHTTP.send(port: fixture.port, "GET", "/health")
        XCTAssertEqual(health.status, 200)
        await fixture.stop()
    }

    /// A client that trickles its body, or its headers, or sends nothing, is cut off after the
    /// read timeout (1 s here) while other clients are served at once.
    func testSlowClientsCannotHoldTheServer() async throws {
        let fixture = try await TestServer()
        let port = fixture.port
        let body = Array(Self.validBody.utf8)
        let head = Array("POST /v1/rerank HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        let trickle = [head] + stride(from: 0, to: body.count, by: 4).map { Array(body[$0..<min($0 + 4, body.count)]) }
        let headerTrickle = [Array("POST /v1/rerank HTTP/1.1\r\n".utf8)] + (0..<30).map { Array("X-Slow-\($0): 1\r\n".utf8) }

        let started = Date()
        async let slowBody = RawHTTP.exchange(port: port, pieces: trickle, pause: 0.2, readTimeout: 8)
        async let slowHeaders = RawHTTP.exchange(port: port, pieces: headerTrickle, pause: 0.2, readTimeout: 8)
        async let silent = RawHTTP.exchange(port: port, pieces: [], readTimeout: 8)
        try await Task.sleep(nanoseconds: 200_000_000)
        let normalStart = Date()
        let normal = await RawHTTP.send(port: port, "POST", "/v1/rerank", raw: Data(Self.validBody.utf8))
        XCTAssertEqual(normal.status, 200)
        XCTAssertLessThan(Date().timeIntervalSince(normalStart), 0.9, "slow clients must not hold up others")

        let bodyReply = RawHTTP.parse(await slowBody)
        XCTAssertEqual(bodyReply?.status, 408, "a trickled body gets 408")
        let headerReply = await slowHeaders
        XCTAssertTrue(headerReply.isEmpty || RawHTTP.parse(headerReply)?.status == 408)
        let silentReply = await silent
        XCTAssertTrue(silentReply.isEmpty, "an idle connection is closed without a response")
        XCTAssertLessThan(Date().timeIntervalSince(started), 4, "all cut off near the 1 s read timeout")

        let health = await RawHTTP.send(port: port, "GET", "/health")
        XCTAssertEqual(health.status, 200)
        await fixture.stop()
    }
}

extension FuzzTests {
    func testConnectionsBeyondTheCapAreClosed() async throws {
        let fixture = try await TestServer { $0.maxConnections = 2 }
        let port = fixture.port
        async let first = RawHTTP.exchange(port: port, pieces: [], readTimeout: 5)
        async let second = RawHTTP.exchange(port: port, pieces: [], readTimeout: 5)
        try await Task.sleep(nanoseconds: 200_000_000)
        let started = Date()
        let third = await RawHTTP.send(port: port, "GET", "/health")
        XCTAssertEqual(third.status, 0, "a third connection is closed at once")
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.8, "before the idle ones time out")
        _ = await (first, second)
        let later = await RawHTTP.send(port: port, "GET", "/health")
        XCTAssertEqual(later.status, 200, "slots free again once the idle connections are cut")
        XCTAssertTrue(fixture.log.all.contains { $0.hasPrefix("connection refused") })
        await fixture.stop()
    }
}
