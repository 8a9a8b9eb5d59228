import Foundation

/// The settings huggingface_hub reads from the environment, read the same way
/// (huggingface_hub/constants.py), so both tools share one cache and one endpoint.
public struct HubEnvironment: Sendable {
    /// The hub cache: HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub, where HF_HOME
    /// defaults to $XDG_CACHE_HOME/huggingface, then ~/.cache/huggingface.
    public let cacheRoot: URL
    /// HF_ENDPOINT without a trailing slash; https://huggingface.co by default.
    public let endpoint: String
    /// HF_TOKEN (or HUGGING_FACE_HUB_TOKEN, or the file $HF_TOKEN_PATH / $HF_HOME/token). Never printed.
    let token: String?
    /// HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) set to 1, ON, YES or TRUE.
    public let offline: Bool
    /// Seconds to wait for metadata answers (HF_HUB_ETAG_TIMEOUT, default 10).
    public let metadataTimeout: TimeInterval
    /// Seconds a download may stall before it is retried (HF_HUB_DOWNLOAD_TIMEOUT, default 10).
    public let downloadTimeout: TimeInterval

    public init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ key: String) -> String? {
            guard let v = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return v
        }
        let home = value("HOME") ?? NSHomeDirectory()
        func expand(_ path: String) -> String {
            if path == "~" { return home }
            if path.hasPrefix("~/") { return home + path.dropFirst(1) }
            return path
        }
        let hfHome = value("HF_HOME").map(expand)
            ?? ((value("XDG_CACHE_HOME").map(expand) ?? home + "/.cache") + "/huggingface")
        let cache = value("HF_HUB_CACHE") ?? value("HUGGINGFACE_HUB_CACHE")
        cacheRoot = URL(fileURLWithPath: cache.map(expand) ?? hfHome + "/hub", isDirectory: true)

        var endpoint = value("HF_ENDPOINT") ?? "https://huggingface.co"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint

        let tokenFile = value("HF_TOKEN_PATH").map(expand) ?? hfHome + "/token"
        let stored = (try? String(contentsOfFile: tokenFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        token = value("HF_TOKEN") ?? value("HUGGING_FACE_HUB_TOKEN") ?? (stored?.isEmpty == false ? stored : nil)

        let truthy: Set<String> = ["1", "ON", "YES", "TRUE"]
        offline = [value("HF_HUB_OFFLINE"), value("TRANSFORMERS_OFFLINE")]
            .contains { $0.map { truthy.contains($0.uppercased()) } ?? false }
        metadataTimeout = value("HF_HUB_ETAG_TIMEOUT").flatMap(TimeInterval.init) ?? 10
        downloadTimeout = value("HF_HUB_DOWNLOAD_TIMEOUT").flatMap(TimeInterval.init) ?? 10
    }

    /// Whether a token will be sent (for messages; the token itself stays private).
    public var hasToken: Bool { token != nil }
}
