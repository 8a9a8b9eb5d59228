import Foundation
@testable import Remote
import XCTest

final class ConfigAndRetryTests: XCTestCase {
    func testDecodesSnakeCaseWithDefaults() throws {
        let json = #"{"endpoint": "http://127.0.0.1:8000", "model": "m", "flavour": "tei", "documents_per_request": 8, "api_key_env": "KEY"}"#
        let config = try JSONDecoder().decode(HTTPScorerConfig.self, from: Data(json.utf8))
        XCTAssertEqual(config.flavourKind, .tei)
        XCTAssertEqual(config.documentsPerRequest, 8)
        XCTAssertEqual(config.apiKeyEnv, "KEY")
        XCTAssertEqual(config.maxInFlight, 4)
        XCTAssertEqual(config.retries, 3)
        XCTAssertEqual(config.timeoutSeconds, 60)
        XCTAssertTrue(config.sendInstruction)
        XCTAssertNil(config.instruction)
    }

    func testRejectsBadSettings() {
        func rejects(_ field: String, _ change: (inout HTTPScorerConfig) -> Void, line: UInt = #line) {
            var config = HTTPScorerConfig(endpoint: "http://127.0.0.1:8000", model: "m")
            change(&config)
            XCTAssertThrowsError(try HTTPScorer(id: "x", config: config, environment: [:]), line: line) { error in
                guard case let .invalidConfig(got, _) = error as? HTTPScorerError else { return XCTFail("\(error)", line: line) }
                XCTAssertEqual(got, field, line: line)
            }
        }
        rejects("flavour") { $0.flavour = "soap" }
        rejects("documents_per_request") { $0.documentsPerRequest = 0 }
        rejects("max_in_flight") { $0.maxInFlight = 0 }
        rejects("timeout_seconds") { $0.timeoutSeconds = 0 }
        rejects("timeout_seconds") { $0.timeoutSeconds = .nan }
        rejects("retries") { $0.retries = -1 }
        rejects("instruction") { $0.flavour = "tei"; $0.instruction = "x" }
        rejects("endpoint") { $0.endpoint = "ftp://host/x" }
        rejects("endpoint") { $0.endpoint = "not a url" }
        rejects("api_key_env") { $0.apiKeyEnv = "" }
    }

    func testRetryAfterParsing() {
        XCTAssertEqual(RetryPolicy.parseRetryAfter("3"), 3)
        XCTAssertEqual(RetryPolicy.parseRetryAfter(" 0 "), 0)
        XCTAssertNil(RetryPolicy.parseRetryAfter(nil))
        XCTAssertNil(RetryPolicy.parseRetryAfter("soon"))
        let now = Date(timeIntervalSince1970: 1_445_412_480) // Wed, 21 Oct 2015 07:28:00 GMT
        XCTAssertEqual(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now), 30)
        XCTAssertEqual(RetryPolicy.parseRetryAfter("Wednesday, 21-Oct-15 07:28:10 GMT", now: now), 10)
        XCTAssertEqual(RetryPolicy.parseRetryAfter("Wed Oct 21 07:28:05 2015", now: now), 5)
        XCTAssertEqual(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now: now), 0, "a past date means now")
    }

    func testBackoffGrowsWithJitterAndStops() {
        let policy = RetryPolicy(retries: 3, baseSeconds: 1)
        for attempt in 0..<3 {
            let full = pow(2, Double(attempt))
            for _ in 0..<20 {
                let wait = policy.delay(afterAttempt: attempt, retryAfter: nil) ?? -1
                XCTAssertGreaterThanOrEqual(wait, full / 2)
                XCTAssertLessThanOrEqual(wait, full)
            }
        }
        XCTAssertNil(policy.delay(afterAttempt: 3, retryAfter: nil))
        XCTAssertEqual(policy.delay(afterAttempt: 0, retryAfter: 10), 10)
        XCTAssertNil(policy.delay(afterAttempt: 0, retryAfter: 3600))
        XCTAssertTrue(RetryPolicy.isRetryable(status: 429))
        XCTAssertTrue(RetryPolicy.isRetryable(status: 502))
        XCTAssertFalse(RetryPolicy.isRetryable(status: 400))
        XCTAssertFalse(RetryPolicy.isRetryable(status: 404))
    }
}
