import Foundation

/// The one line per request the server writes to stderr:
/// `POST /v1/rerank docs=12 tokens=3456 status=200 ms=41.7`.
public enum RequestLog {
    static func line(method: String, uri: String, summary: RequestSummary, status: Int, ms: Double) -> String {
        let route = APIHandler.routePath(uri)
        let shown = route.count > 80 ? String(route.prefix(80)) + "…" : route
        let printable = shown.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7f ? String($0) : "?" }.joined()
        return "\(method.prefix(16)) \(printable) docs=\(summary.documents) tokens=\(summary.tokens) status=\(status) ms=\(String(format: "%.1f", ms))"
    }

    /// Writes a line to standard error.
    @Sendable public static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
