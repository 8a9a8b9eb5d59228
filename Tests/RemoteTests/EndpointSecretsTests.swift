import Foundation
import RerankCore
@testable import Remote
import XCTest

/// An endpoint's query string and userinfo may hold credentials: they reach the server, and
/// nothing that is shown (fingerprint, card, messages) ever holds them.
final class EndpointSecretsTests: FaultServerTestCase {
    private let request = ScoreRequest(instruction: "Find answers", query: "rerankers", documents: ["cross-encoders", "x", "yz"])

    func testShownAddressIsSchemeHostPortAndPath() throws {
        let a = try EndpointAddress("https://ann:pa%20ss@api.example.org:8443/v1/rerank?token=SECRET123&v=2#frag", defaultPath: "/v1/rerank")
        XCTAssertEqual(a.shown, "https://api.example.org:8443/v1/rerank")
        XCTAssertEqual(a.host, "api.example.org:8443")
        XCTAssertEqual(a.requestURL.absoluteString, "https://api.example.org:8443/v1/rerank?token=SECRET123&v=2")
        // python3 -c "import hashlib; print(hashlib.sha256(b'token=SECRET123&v=2').hexdigest())"
        XCTAssertEqual(a.queryDigest, "922530d75a4c06e50679fdd5bde4d89c894da45524500ed17ac67163f38b612a")
        XCTAssertEqual(a.basicAuthorization, "Basic " + Data("ann:pa ss".utf8).base64EncodedString())
        XCTAssertTrue(a.secrets.contains("SECRET123"))
        XCTAssertTrue(a.secrets.contains("pa ss"))
        let bare = try EndpointAddress("http://127.0.0.1:8000", defaultPath: "/rerank")
        XCTAssertEqual(bare.shown, "http://127.0.0.1:8000/rerank")
        XCTAssertNil(bare.queryDigest)
        XCTAssertNil(bare.basicAuthorization)
        XCTAssertThrowsError(try EndpointAddress("ftp://user:SECRET123@h/x?token=SECRET123", defaultPath: "/")) { error in
            XCTAssertFalse("\(error)".contains("SECRET123"))
        }
        XCTAssertEqual(shownAddress("htp://user:SECRET123@h:9/v1/rerank?token=SECRET123"), "htp://h:9/v1/rerank")
        XCTAssertEqual(shownAddress("user:SECRET123@h/x#SECRET123"), "h/x")
    }

    func testFingerprintHashesTheQueryAndLeavesOutUserinfo() throws {
        func fingerprint(_ endpoint: String) throws -> String {
            try HTTPScorer(id: "x", config: HTTPScorerConfig(endpoint: endpoint, model: "m"), environment: [:]).fingerprint
        }
        let plain = try fingerprint("http://127.0.0.1:8000/v1/rerank")
        XCTAssertEqual(plain, "http/1 endpoint=http://127.0.0.1:8000/v1/rerank model=m flavour=jina instruction=request",
                       "an endpoint without a query keeps the fingerprint (and cached scores) it had")
        let token = try fingerprint("http://127.0.0.1:8000/v1/rerank?token=SECRET123")
        XCTAssertFalse(token.contains("SECRET123"), token)
        XCTAssertTrue(token.contains("query=sha256:"), token)
        XCTAssertNotEqual(token, plain, "a changed query may change what the server computes")
        XCTAssertNotEqual(token, try fingerprint("http://127.0.0.1:8000/v1/rerank?token=OTHER"))
        XCTAssertEqual(try fingerprint("http://ann:SECRET123@127.0.0.1:8000/v1/rerank"), plain, "credentials are not the model")
    }

    func testQueryAndUserinfoReachTheServerButNoMessage() async throws {
        let server = try fault()
        let endpoint = server.url("ok")
        let withSecrets = endpoint.replacingOccurrences(of: "http://", with: "http://ann:SECRET123@") + "?token=SECRET123&v=2"
        let scorer = try HTTPScorer(id: "s", config: HTTPScorerConfig(endpoint: withSecrets, model: "m"), environment: [:])
        XCTAssertEqual(scorer.card.endpointHost, "127.0.0.1:\(server.port)")
        _ = try await scorer.score([request])
        let log = try await server.log(for: endpoint)
        XCTAssertEqual(log.compactMap { $0["query"] as? String }, ["token=SECRET123&v=2"])
        let headers = try XCTUnwrap(log.first?["headers"] as? [String: String])
        XCTAssertEqual(headers["authorization"], "Basic " + Data("ann:SECRET123".utf8).base64EncodedString())
        for shown in [scorer.fingerprint, scorer.displayURL, "\(scorer.card)"] {
            XCTAssertFalse(shown.contains("SECRET123"), shown)
        }

        // A server whose error repeats what it was sent: the message names the route, never the secret.
        let echo = server.url("echo")
        let echoing = try HTTPScorer(id: "s", config: HTTPScorerConfig(endpoint: echo + "?token=SECRET123", model: "m", retries: 0),
                                     environment: [:])
        let message: String
        do {
            _ = try await echoing.score([request])
            message = ""
            XCTFail("a 401 fails the scorer")
        } catch {
            message = "\(error)"
        }
        XCTAssertTrue(message.contains("answered HTTP 401"), message)
        XCTAssertTrue(message.contains(echo), message)
        XCTAssertFalse(message.contains("SECRET123"), message)

        // Nothing listens: the message is in plain words and names no secret.
        let closed = "http://ann:SECRET123@127.0.0.1:9/v1/rerank?token=SECRET123"
        let unreachable = try HTTPScorer(id: "s", config: HTTPScorerConfig(endpoint: closed, model: "m", timeoutSeconds: 5, retries: 0),
                                         environment: [:])
        do {
            _ = try await unreachable.score([request])
            XCTFail("port 9 answers nothing")
        } catch {
            let text = "\(error)"
            XCTAssertFalse(text.contains("SECRET123"), text)
            XCTAssertFalse(text.contains("URLError"), text)
            XCTAssertTrue(text.contains("http://127.0.0.1:9/v1/rerank failed after 1 attempt(s): the connection was refused"), text)
        }
    }

    func testUserinfoAndAPIKeyTogetherAreRefused() {
        let config = HTTPScorerConfig(endpoint: "http://ann:SECRET123@127.0.0.1:8000/v1/rerank", model: "m", apiKeyEnv: "K")
        XCTAssertThrowsError(try HTTPScorer(id: "s", config: config, environment: ["K": "k"])) { error in
            XCTAssertTrue("\(error)".contains("give one of them"), "\(error)")
            XCTAssertFalse("\(error)".contains("SECRET123"))
        }
    }
}
