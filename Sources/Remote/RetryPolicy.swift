import Foundation

/// When to try again and how long to wait: exponential backoff with jitter, never shorter than
/// a server's Retry-After, and giving up rather than sleeping past `longestWait`.
struct RetryPolicy: Sendable {
    var retries: Int
    var baseSeconds: Double
    /// The cap on one computed backoff.
    var capSeconds: Double = 30
    /// A Retry-After longer than this ends the retries instead of being slept through.
    var longestWait: Double = 120

    /// Statuses worth another attempt: rate limiting and server-side failures.
    static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// The wait before attempt `attempt + 1` (attempt counts from 0), or nil to stop.
    func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double? {
        guard attempt < retries else { return nil }
        let exponential = min(capSeconds, baseSeconds * pow(2, Double(attempt)))
        // "Equal jitter": half fixed, half random, so clients that failed together spread out.
        let backoff = exponential * 0.5 + Double.random(in: 0...1) * exponential * 0.5
        guard let retryAfter else { return backoff }
        if retryAfter > longestWait { return nil }
        return max(retryAfter, backoff)
    }

    /// Seconds from a Retry-After header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
    static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let raw = value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        if let seconds = Int(raw) { return Double(max(0, seconds)) }
        let formats = [
            "EEE, dd MMM yyyy HH:mm:ss zzz",   // IMF-fixdate, the preferred form
            "EEEE, dd-MMM-yy HH:mm:ss zzz",    // RFC 850
            "EEE MMM d HH:mm:ss yyyy",         // asctime
        ]
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in formats {
            formatter.dateFormat = format
            if let date = formatter.date(from: raw) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }
}
